using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.RunLog;

/// <summary>
/// What an instance's runs looked like over a period. Runs, success rate, durations and downtime count every
/// finished run (a failed run also costs time and downtime); sizes count the succeeded runs, whose archives
/// were stored. Null where there was nothing to measure. One summary per instance and backup type: a hot run's
/// downtime of 0 and a cold run's minutes are not averaged together.
/// </summary>
public sealed record InstanceRunSummary(
    string Instance,
    BackupType Type,
    int Runs,
    int Succeeded,
    double SuccessRate,
    TimeSpan? AverageDuration,
    TimeSpan? P95Duration,
    TimeSpan? AverageDowntime,
    TimeSpan? P95Downtime,
    long TotalArchiveBytes,
    long? AverageArchiveBytes,
    DateTimeOffset? LastSuccess);
