namespace AkkaBackup.Receiver.Drills;

/// <summary>How a restore drill ended.</summary>
public enum DrillStatus
{
    /// <summary>Restored, the server started on it, every table checked OK and every user table checksummed.</summary>
    Passed,

    /// <summary>The backup did not prove restorable: the restore, the server's start or a table check failed.</summary>
    Failed,

    /// <summary>Pre-flight refused (scratch space, server binaries): nothing was restored, the backup is unproven.</summary>
    Refused,
}

/// <summary>The steps of a drill, in order; a failed drill names the one it failed in.</summary>
public enum DrillStage
{
    Preflight,
    Restore,
    StartServer,
    CheckTables,
    StopServer,
}

/// <summary>
/// One table of the restored server. System tables (<c>mysql</c>, <c>sys</c>) get <c>CHECK TABLE</c> only; the
/// others <c>CHECK TABLE</c> and <c>CHECKSUM TABLE … EXTENDED</c>, whose value equals the source server's
/// <c>CHECKSUM TABLE</c> of the same rows.
/// </summary>
/// <param name="Check">CHECK TABLE's last message (<c>OK</c>), or the error it or the server gave.</param>
/// <param name="Checksum">null for system tables, and when CHECKSUM TABLE failed (<paramref name="ChecksumError"/> says why).</param>
public sealed record TableCheck(string Schema, string Name, string Engine, bool SystemTable, bool CheckPassed, string Check, long? Checksum, string? ChecksumError)
{
    /// <summary>"schema.table", as CHECKSUM TABLE names it.</summary>
    public string Table => $"{Schema}.{Name}";

    public bool Passed => CheckPassed && ChecksumError is null && (SystemTable || Checksum is not null);
}

public static class DrillStages
{
    /// <summary>The stage as messages name it: <c>restore</c>, <c>CHECK TABLE / CHECKSUM TABLE</c>.</summary>
    public static string Describe(this DrillStage? stage) => stage switch
    {
        DrillStage.Preflight => "pre-flight",
        DrillStage.Restore => "restore",
        DrillStage.StartServer => "starting the private server",
        DrillStage.CheckTables => "CHECK TABLE / CHECKSUM TABLE",
        DrillStage.StopServer => "stopping the private server",
        _ => "no stage",
    };
}

/// <summary>How long one stage of a drill took.</summary>
public sealed record DrillPhase(DrillStage Stage, TimeSpan Duration);

/// <summary>
/// What one restore drill of a stored archive found: written to <c>&lt;archive&gt;.drill.json</c>, printed by
/// <c>akkabackup drill</c>, published on the receiver's event stream by its drill schedule (the fleet catalog records it).
/// </summary>
/// <param name="Client">From the archive's manifest; null when it has none (a kept Data.zip).</param>
/// <param name="ArchiveSha256">The SHA-256 the restore verified (the manifest's), or computed while restoring a zip without one.</param>
/// <param name="FailedStage">null when passed.</param>
/// <param name="Error">Why it failed or was refused; null when passed.</param>
/// <param name="RestoredBytes">Bytes the archive expands to (its entries' sizes, or the manifest's data bytes).</param>
public sealed record DrillOutcome(
    string ArchivePath,
    string? Client,
    string? Instance,
    string? BackupType,
    string? ArchiveSha256,
    DrillStatus Status,
    DrillStage? FailedStage,
    string? Error,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<DrillPhase> Phases,
    string? ServerVersion,
    long RestoredBytes,
    IReadOnlyList<TableCheck> Tables)
{
    public bool Passed => Status == DrillStatus.Passed;

    /// <summary>"client/instance" when the manifest says, else the archive's file name.</summary>
    public string Subject => Client is not null && Instance is not null ? $"{Client}/{Instance}" : Path.GetFileName(ArchivePath);
}
