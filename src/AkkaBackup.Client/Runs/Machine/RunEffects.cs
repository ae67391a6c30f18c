using Akka.Event;

namespace AkkaBackup.Client.Runs.Machine;

/// <summary>What a decision asks the run's actor to carry out, in order, once its events are journalled.</summary>
public abstract record RunEffect;

public static class RunEffects
{
    public sealed record RunPreflight : RunEffect;

    /// <summary>Cancel pre-flight (and anything else waiting on the run's token).</summary>
    public sealed record CancelWork : RunEffect;

    /// <summary>Release what pre-flight holds open (the data-plane connection) without using it.</summary>
    public sealed record ReleasePreflight : RunEffect;

    public sealed record StopServer : RunEffect;

    /// <summary>Start the server. <paramref name="EnsureOnly"/>: only prove it answers, starting it if it does not.</summary>
    public sealed record StartServer(bool EnsureOnly) : RunEffect;

    /// <summary>
    /// Start the chunk sender and the archiver: cold, on the proven-down server's data directory; snapshot, on
    /// <paramref name="ClonePath"/>; hot, the tool's stream from the running server.
    /// </summary>
    public sealed record StartArchiving(string? ClonePath = null) : RunEffect;

    /// <summary>Snapshot: clone the proven-down data directory to <paramref name="ClonePath"/>.</summary>
    public sealed record CloneDataDirectory(string ClonePath) : RunEffect;

    /// <summary>Snapshot: remove the clone, and the LVM or ZFS snapshot <paramref name="Volume"/> it is (best effort; an alert when it fails).</summary>
    public sealed record RemoveClone(string ClonePath, string? Volume = null) : RunEffect;

    public sealed record CancelCompression : RunEffect;

    public sealed record LoadKeptArchive(string ArchivePath, long Length, int ChunkSize) : RunEffect;

    /// <summary>Start a chunk sender on the kept archive, for the transfer the journal names.</summary>
    public sealed record ResumeSending(string TransferId) : RunEffect;

    public sealed record SendFinish : RunEffect;

    public sealed record StopSender : RunEffect;

    /// <summary>Ask the receiver to drop a transfer (best effort, no answer).</summary>
    public sealed record AbortTransfer(string TransferId, string Reason) : RunEffect;

    public sealed record DeletePartialArchive(string Path) : RunEffect;

    /// <summary>Save the resume token and sealed archive as a pending transfer an operator can see.</summary>
    public sealed record RecordResumeToken : RunEffect;

    /// <summary>Answer whoever sent the input (a cancel).</summary>
    public sealed record Reply(object Message) : RunEffect;

    public sealed record Log(LogLevel Level, string Message, Exception? Cause = null) : RunEffect;

    /// <summary>The run is over: clean up, journal <c>RunEnded</c>, tell the parent and the watcher, stop.</summary>
    public sealed record Conclude : RunEffect;
}
