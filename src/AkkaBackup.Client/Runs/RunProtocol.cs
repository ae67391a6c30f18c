using AkkaBackup.Core.Naming;
using Akka.Actor;
using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Client.Runs;

/// <summary>Messages of the client's run family (local to the client node).</summary>
public static class RunProtocol
{
    /// <summary>
    /// Ask the RunManager for a backup of one instance; progress and the final report go to <paramref name="Watcher"/>.
    /// Answered with <see cref="RunStarted"/>, <see cref="RunQueued"/> (and <see cref="RunStarted"/> never follows) or <see cref="RunRejected"/>.
    /// </summary>
    /// <param name="Trigger">Who asked, for the queue listing: <c>manual</c>, <c>schedule 'nightly'</c>.</param>
    /// <param name="Type">This run's backup type; null = the instance's.</param>
    public sealed record StartRun(string? InstanceName, IActorRef Watcher, string Trigger = "manual", BackupType? Type = null);

    public sealed record RunStarted(string RunId, string Instance);

    /// <summary>The run waits for a free slot (setting <c>concurrency</c>) or for the run in progress on its instance.</summary>
    public sealed record RunQueued(string RunId, string Instance, int Position);

    /// <summary>
    /// Cancel a queued or running run by id; answered with <see cref="CancelAccepted"/>, <see cref="CancelDeclined"/>
    /// (by the run itself, when the cancel comes too late) or <see cref="RunRejected"/> (no such run queued or running).
    /// </summary>
    public sealed record CancelRunById(string RunId, string Reason);

    /// <param name="WasQueued">True when the run had not started and was only removed from the queue.</param>
    public sealed record CancelAccepted(string RunId, bool WasQueued);

    /// <summary>The run goes on as it would have: the cancel came too late to save anything (<paramref name="Why"/>).</summary>
    public sealed record CancelDeclined(string RunId, string Why);

    /// <summary>Asks for the runs in progress and the queue; answered with <see cref="RunList"/>.</summary>
    public sealed class ListRuns
    {
        public static readonly ListRuns Instance = new();

        private ListRuns()
        {
        }
    }

    /// <param name="Since">When the run started, or when it was queued.</param>
    public sealed record RunEntry(string RunId, string Instance, string Trigger, DateTimeOffset Since);

    public sealed record RunList(IReadOnlyList<RunEntry> Running, IReadOnlyList<RunEntry> Queued);

    /// <summary>
    /// Sends a queued or running run's progress and final report to <paramref name="Watcher"/> as well;
    /// answered with <see cref="WatchingRun"/>, or <see cref="RunRejected"/> when no such run is queued or running.
    /// </summary>
    public sealed record WatchRun(string RunId, IActorRef Watcher);

    public sealed record WatchingRun(string RunId, string Instance);

    /// <param name="BadInput">The request itself is wrong (e.g. an unknown instance): exit code 2, not 1.</param>
    public sealed record RunRejected(string Reason, bool BadInput = false);

    /// <param name="Numbers">The share done, rates over the last seconds and the ETA (<see cref="Progress.ProgressMeter"/>), the same for every watcher.</param>
    /// <param name="Waiting">Set while pre-flight waits for a transfer slot on the receiver, e.g. "waiting for receiver slot (position 2)".</param>
    public sealed record RunProgress(
        string RunId, RunPhase Phase, long DataBytesRead, long DataBytesTotal, long ArchiveBytes, long BytesAcknowledged, bool ArchiveSealed, TimeSpan Elapsed,
        Progress.ProgressNumbers Numbers, string? Waiting = null)
    {
        /// <summary>The run's last progress, sent just before its <see cref="RunFinished"/>: never dropped by a watcher's rate limit.</summary>
        public bool Final { get; init; }
    }

    public sealed record RunFinished(RunReport Report);

    /// <summary>
    /// Ends a run as soon as its phase allows: the server is started again if we stopped it, a partial
    /// archive is removed, a sealed one is kept. The run then reports as failed with <paramref name="Reason"/>.
    /// The run answers the sender with <see cref="CancelAccepted"/> or, when the cancel comes too late, <see cref="CancelDeclined"/>.
    /// </summary>
    public sealed record CancelRun(string Reason);

    /// <summary>Cancels every run (node shutdown) and answers <see cref="AllRunsFinished"/> once each has reported.</summary>
    public sealed record CancelAllRuns(string Reason);

    public sealed class AllRunsFinished
    {
        public static readonly AllRunsFinished Instance = new();

        private AllRunsFinished()
        {
        }
    }

    /// <summary>Coordinator to RunManager: the run is over (its RunEnded is journalled).</summary>
    public sealed record RunConcluded(RunReport Report);

    /// <summary>The node's settings changed in the store: the RunManager reads the concurrency again and starts what now fits.</summary>
    public sealed class SettingsChanged
    {
        public static readonly SettingsChanged Instance = new();

        private SettingsChanged()
        {
        }
    }

    /// <summary>Lists the pending transfers: failed runs whose sealed Data.zip is kept.</summary>
    public sealed class ListPending
    {
        public static readonly ListPending Instance = new();

        private ListPending()
        {
        }
    }

    /// <param name="TransferId">The resume token the receiver issued, from the store's pending transfers; null when the store has no row for the run.</param>
    /// <param name="Attempts">How many sending attempts of this archive failed, from the same row.</param>
    public sealed record PendingTransfer(
        string RunId, string Instance, string ArchivePath, long ArchiveBytes, string Error, DateTimeOffset FailedAt, string? TransferId, int? Attempts);

    public sealed record PendingTransfers(IReadOnlyList<PendingTransfer> Transfers);

    /// <summary>Resume a pending transfer from its kept archive; answered like <see cref="StartRun"/>.</summary>
    public sealed record RetryPending(string RunId, IActorRef Watcher);

    /// <summary>Deletes a pending transfer's kept archive and forgets the run.</summary>
    public sealed record DiscardPending(string RunId);

    public sealed record PendingDiscarded(string RunId, string ArchivePath);
}

/// <summary>The outcome of one run, for the console, the log and the exit code.</summary>
/// <param name="Cancelled">The run was cancelled (by an operator, or by the node shutting down).</param>
/// <param name="ErrorDetail">The first error's exception with its stack trace, for the run log.</param>
/// <param name="Estimate">Pre-flight's estimate of the archive (null for a run recovered after a crash).</param>
/// <param name="Type">cold, snapshot or hot: how the copy was taken.</param>
public sealed record RunReport(
    string RunId,
    string Instance,
    bool Succeeded,
    RunPhase FailedPhase,
    string? Error,
    string? StoredName,
    string? StoredPath,
    string? Sha256,
    long ArchiveBytes,
    long DataBytes,
    TimeSpan? Downtime,
    TimeSpan Duration,
    IReadOnlyList<PhaseTiming> Timings,
    bool ServerAnswering,
    string? ManualRecovery,
    string? KeptArchive,
    int ChunksResent = 0,
    bool Cancelled = false,
    string? ErrorDetail = null,
    AkkaBackup.Core.Archive.ArchiveSizeEstimate? Estimate = null,
    BackupType Type = BackupType.Cold,
    string? FromLsn = null,
    string? ToLsn = null)
{
    /// <summary>0 = stored and verified, server answering; 1 = failed, server answering; 3 = the server is down and needs a human.</summary>
    public int ExitCode => !ServerAnswering ? 3 : Succeeded ? 0 : 1;
}
