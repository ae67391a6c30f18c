using AkkaBackup.Core.Naming;

namespace AkkaBackup.Client.Runs;

/// <summary>Marker for everything the client persists; bound to <c>RunEventSerializer</c>.</summary>
public interface IRunEvent;

/// <summary>
/// The journal of runs. A coordinator persists each phase change before acting on it (the stop is
/// journalled before it is issued), which is what lets a restarted node start a server it had stopped.
/// </summary>
public static class RunEvents
{
    // BackupCoordinator, persistence id run-<id>
    public sealed record RunBegan(string RunId, string Instance, DateTimeOffset At) : IRunEvent;

    /// <summary>
    /// The run committed to its transfer: journalled before the stop is issued (cold, snapshot). A hot run journals
    /// it too, before its stream starts, though it stops nothing: the type says which.
    /// </summary>
    /// <param name="ClonePath">Snapshot: where the clone goes, journalled before it is made, so a restarted node removes it.</param>
    /// <param name="CloneVolume">Snapshot by LVM or ZFS: the snapshot volume ("vg/akkabackup-&lt;run&gt;") or ZFS snapshot ("dataset@akkabackup-&lt;run&gt;") to remove with it.</param>
    public sealed record StopIssued(string TransferId, string ArchivePath, int ChunkSize, string ServerVersion, DateTimeOffset At, BackupType Type = BackupType.Cold, string? ClonePath = null, string? CloneVolume = null) : IRunEvent;

    /// <param name="FromLsn">Hot: the first LSN of the redo log mariadb-backup copied; null for cold and snapshot.</param>
    /// <param name="ToLsn">Hot: the last LSN copied, the backup's point in time.</param>
    public sealed record ArchiveWasSealed(long Length, string Sha256, int ChunkCount, long DataBytes, int FileCount, string? FromLsn = null, string? ToLsn = null) : IRunEvent;

    public sealed record TransferIdChanged(string TransferId) : IRunEvent;

    public sealed record ServerAnswering(DateTimeOffset At) : IRunEvent;

    public sealed record RunEnded(bool Succeeded, string? KeptArchive, string? Error, DateTimeOffset At) : IRunEvent;

    // RunManager, persistence id runs
    public sealed record RunRegistered(string RunId, string Instance) : IRunEvent;

    /// <summary>The run failed but its sealed Data.zip is kept: a pending transfer an operator can retry or discard.</summary>
    public sealed record RunParked(string RunId, string Instance, string ArchivePath, string Error, DateTimeOffset At) : IRunEvent;

    public sealed record RunClosed(string RunId) : IRunEvent;

    /// <summary>The RunManager's state at one sequence number: it replaces every event before it, which are deleted.</summary>
    public sealed record RunManagerSnapshot(IReadOnlyList<RunRegistered> Open, IReadOnlyList<RunParked> Parked) : IRunEvent;
}
