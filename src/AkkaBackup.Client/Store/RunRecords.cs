using AkkaBackup.Client.Runs;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Client.Store;

/// <summary>Turns a run's report into its row in the run log.</summary>
public static class RunRecords
{
    public static RunRecord Began(string runId, string instance, DateTimeOffset at) =>
        new(runId, instance, at, null, RunStatus.Running, [], null, null, null, null, null, null);

    /// <summary>A run that was asked for and not started: no phases, no sizes; the reason is its error.</summary>
    public static RunRecord Refused(string runId, string instance, RunStatus status, string reason, DateTimeOffset at) =>
        new(runId, instance, at, at, status, [], null, null, null, null, null, new RunError(reason, null, new SystemState("", null, null, null)));

    /// <param name="startedAt">When the run began (its Running row), or null to count back from its duration.</param>
    /// <param name="state">The machine at the moment the run ended; recorded only when the run failed.</param>
    public static RunRecord Ended(RunReport report, DateTimeOffset? startedAt, DateTimeOffset endedAt, SystemState state)
    {
        var status = report.Succeeded ? RunStatus.Succeeded : report.Cancelled ? RunStatus.Cancelled : RunStatus.Failed;
        var error = report.Error is null
            ? null
            : new RunError(report.Error, report.ErrorDetail, state with { Phase = report.FailedPhase.ToString() });
        return new RunRecord(
            report.RunId,
            report.Instance,
            startedAt ?? endedAt - report.Duration,
            endedAt,
            status,
            report.Timings.Select(t => new PhaseDuration(t.Phase, TimeSpan.FromMilliseconds(t.Milliseconds))).ToList(),
            report.Downtime,
            report.DataBytes > 0 ? report.DataBytes : null,
            report.ArchiveBytes > 0 ? report.ArchiveBytes : null,
            report.Sha256,
            report.StoredName,
            error,
            report.Type,
            report.FromLsn,
            report.ToLsn);
    }
}
