using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.RunLog;

/// <summary>One backup run as the run log keeps it.</summary>
/// <param name="Phases">Time spent per phase, in the order the run went through them.</param>
/// <param name="Downtime">How long the database server was down for this run.</param>
/// <param name="DataBytes">Size of the data directory archived.</param>
/// <param name="ArchiveBytes">Size of <c>Data.zip</c>.</param>
/// <param name="Sha256">Hex SHA-256 of the archive.</param>
/// <param name="StoredName">The archive's final name on the receiver.</param>
/// <param name="Type">cold, snapshot or hot (a run's row says cold until its end is recorded).</param>
/// <param name="FromLsn">Hot: the first LSN of the redo log mariadb-backup copied (null for cold and snapshot).</param>
/// <param name="ToLsn">Hot: the last LSN it copied, the point in time the backup restores to.</param>
public sealed record RunRecord(
    string RunId,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    RunStatus Status,
    IReadOnlyList<PhaseDuration> Phases,
    TimeSpan? Downtime,
    long? DataBytes,
    long? ArchiveBytes,
    string? Sha256,
    string? StoredName,
    RunError? Error,
    BackupType Type = BackupType.Cold,
    string? FromLsn = null,
    string? ToLsn = null)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}
