using AkkaBackup.Core.Alerts;

namespace AkkaBackup.Receiver.Drills;

/// <summary>The alert a drill's outcome raises: critical when it failed, a warning when pre-flight refused it, none when it passed.</summary>
public static class DrillAlerts
{
    public static Alert? For(DrillOutcome outcome, string node, DateTimeOffset now) => outcome.Status switch
    {
        DrillStatus.Failed => BackupAlerts.DrillFailed(node, outcome.Subject, outcome.ArchivePath, outcome.FailedStage.Describe(), outcome.Error ?? "", now),
        DrillStatus.Refused => BackupAlerts.DrillNotRun(node, outcome.Subject, outcome.ArchivePath, outcome.Error ?? "", now),
        _ => null,
    };
}
