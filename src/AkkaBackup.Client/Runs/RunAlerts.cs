using AkkaBackup.Core.Alerts;

namespace AkkaBackup.Client.Runs;

/// <summary>The alerts a run's outcome raises: the server left down (with the manual steps), a failure, or a success (info).</summary>
public static class RunAlerts
{
    public static IReadOnlyList<Alert> For(RunReport report, string node, DateTimeOffset now)
    {
        if (!report.ServerAnswering)
        {
            var steps = $"{report.ManualRecovery ?? "Start the database server by hand."}\n\nRun {report.RunId} failed in {report.FailedPhase}: {report.Error}";
            return [BackupAlerts.ServerNotRestarted(node, report.Instance, steps, now)];
        }

        if (!report.Succeeded)
        {
            var reason = $"{report.Error} (failed in {report.FailedPhase}; the server answers)" +
                (report.KeptArchive is null ? "" : $"\nThe complete archive is kept at {report.KeptArchive}: `akkabackup pending retry {report.RunId}` sends it again.");
            return [BackupAlerts.BackupFailed(node, report.Instance, report.RunId, reason, now)];
        }

        return [BackupAlerts.BackupSucceeded(node, report.Instance, report.RunId, report.StoredPath ?? report.StoredName ?? "", now)];
    }
}
