using AkkaBackup.Client.Snapshots;
using AkkaBackup.Store.Import;

namespace AkkaBackup.Client.Configuration;

/// <summary>Settings of the client role, parsed once from HOCON by <see cref="ClientSettingsReader"/>.</summary>
/// <param name="Instances">The instances of the HOCON file, as they are imported into the node's store; runs read them from there.</param>
/// <param name="HotBackupTool">mariadb-backup's path for hot runs; empty = found on PATH.</param>
/// <param name="HotCompressionLevel">Deflate level of a hot run's gzip stream.</param>
/// <param name="SnapshotTools">Snapshot runs on LVM and ZFS: the programs and the size of an LVM snapshot.</param>
public sealed record ClientSettings(
    string NodeName,
    string StagingDirectory,
    int ChunkSize,
    int Window,
    int MaxChunkAttempts,
    int CompressionLevel,
    int CompressionThreads,
    TargetSettings Target,
    IReadOnlyList<InstanceImport> Instances,
    ClientTestHooks TestHooks,
    string JournalFile,
    RetryPolicy Retry,
    RestartAfter RestartAfter,
    TimeSpan StallRestartAfter,
    TimeSpan PreflightTimeout,
    TimeSpan ArchiveStallTimeout,
    TimeSpan TransferStallTimeout,
    int SpaceMarginPercent,
    SnapshotTools SnapshotTools,
    string HotBackupTool = "",
    int HotCompressionLevel = 2)
{
    /// <summary>How parked transfers retry themselves (<c>pending</c>).</summary>
    public PendingPolicy Pending { get; init; } = PendingPolicy.Default;

    /// <summary>How often the node looks for overdue instances (<c>overdue.check-every</c>).</summary>
    public TimeSpan OverdueCheckEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>auto-start</c> setting the node writes to its store at every start; null leaves the store's as it is.</summary>
    public bool? AutoStart { get; init; }
}

/// <summary>A parked transfer's receiver is probed after ProbeInitial, doubling up to ProbeMax; after MaxAge (from when it was first parked) it is given up.</summary>
public sealed record PendingPolicy(TimeSpan ProbeInitial, TimeSpan ProbeMax, TimeSpan MaxAge)
{
    public static readonly PendingPolicy Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromDays(7));
}

/// <summary>Transfer errors are retried after Initial, doubling up to Max, with jitter, for at most Deadline without progress.</summary>
/// <param name="ResumeTimeout">How long one resume request waits: short, because one sent before the client noticed a receiver restart is lost.</param>
public sealed record RetryPolicy(TimeSpan Initial, TimeSpan Max, TimeSpan Deadline, TimeSpan ResumeTimeout);

/// <summary>
/// When a cold backup starts the server again: once the whole archive is on the receiver, as soon as Data.zip is
/// sealed, or (<see cref="Copy"/>) as soon as every byte of the data directory is compressed or copied to the
/// staging disk ahead of compression. A snapshot starts it after the clone, whatever this says.
/// </summary>
public enum RestartAfter
{
    Transfer,
    Archive,
    Copy,
}

/// <summary>
/// Fault injection for the end-to-end tests. Off unless set; a node logs a warning when any is set.
/// </summary>
/// <param name="CorruptChunkIndex">Flip a byte of this chunk on its first send, after its checksum was taken.</param>
/// <param name="ChunkDelay">Pause before sending each chunk, to make a transfer slow enough to interrupt.</param>
/// <param name="ArchiveStallAfterChunks">Hold compression still (until cancelled) once this many chunks are sealed: an archive that stops moving.</param>
/// <param name="ArchiveChunkDelay">Pause after sealing each archive chunk, to make archiving slow enough to interrupt.</param>
/// <param name="HoldChunksWhile">No chunk is sent while this file exists: a test holds a transfer exactly as long as it needs ("" = off).</param>
public sealed record ClientTestHooks(int CorruptChunkIndex, TimeSpan ChunkDelay, int ArchiveStallAfterChunks, TimeSpan ArchiveChunkDelay, string HoldChunksWhile = "")
{
    public bool AnySet => CorruptChunkIndex >= 0 || ChunkDelay > TimeSpan.Zero || ArchiveStallAfterChunks >= 0 || ArchiveChunkDelay > TimeSpan.Zero || HoldChunksWhile.Length > 0;
}
