using Akka.Actor;
using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Client.Runs;

/// <summary>Messages of the client's run family (local to the client node).</summary>
public static class RunProtocol
{
    /// <summary>Ask the RunManager for a backup of one instance; progress and the final report go to <paramref name="Watcher"/>.</summary>
    public sealed record StartRun(string? InstanceName, IActorRef Watcher);

    public sealed record RunStarted(string RunId, string Instance);

    /// <param name="BadInput">The request itself is wrong (e.g. an unknown instance): exit code 2, not 1.</param>
    public sealed record RunRejected(string Reason, bool BadInput = false);

    /// <param name="Waiting">Set while pre-flight waits for a transfer slot on the receiver, e.g. "waiting for receiver slot (position 2)".</param>
    public sealed record RunProgress(
        string RunId, RunPhase Phase, long DataBytesRead, long DataBytesTotal, long ArchiveBytes, long BytesAcknowledged, bool ArchiveSealed, TimeSpan Elapsed,
        string? Waiting = null);

    public sealed record RunFinished(RunReport Report);

    /// <summary>
    /// Ends a run as soon as its phase allows: the server is started again if we stopped it, a partial
    /// archive is removed, a sealed one is kept. The run then reports as failed with <paramref name="Reason"/>.
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

    /// <summary>Lists the pending transfers: failed runs whose sealed Data.zip is kept.</summary>
    public sealed class ListPending
    {
        public static readonly ListPending Instance = new();

        private ListPending()
        {
        }
    }

    public sealed record PendingTransfer(string RunId, string Instance, string ArchivePath, long ArchiveBytes, string Error, DateTimeOffset FailedAt);

    public sealed record PendingTransfers(IReadOnlyList<PendingTransfer> Transfers);

    /// <summary>Resume a pending transfer from its kept archive; answered like <see cref="StartRun"/>.</summary>
    public sealed record RetryPending(string RunId, IActorRef Watcher);

    /// <summary>Deletes a pending transfer's kept archive and forgets the run.</summary>
    public sealed record DiscardPending(string RunId);

    public sealed record PendingDiscarded(string RunId, string ArchivePath);
}

/// <summary>The outcome of one run, for the console, the log and the exit code.</summary>
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
    int ChunksResent = 0)
{
    /// <summary>0 = stored and verified, server answering; 1 = failed, server answering; 3 = the server is down and needs a human.</summary>
    public int ExitCode => !ServerAnswering ? 3 : Succeeded ? 0 : 1;
}
