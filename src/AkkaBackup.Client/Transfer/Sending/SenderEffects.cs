using Akka.Event;
using AkkaBackup.Core.Chunking;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>What a decision asks the sender's actor to carry out, in order.</summary>
public abstract record SenderEffect;

public static class SenderEffects
{
    /// <summary>Start an upload session on the connection just opened, queueing every chunk the receiver lacks.</summary>
    public sealed record StartSession : SenderEffect;

    /// <summary>Close the connection just opened without using it: a session already runs, or the sender is done.</summary>
    public sealed record DiscardConnection : SenderEffect;

    /// <summary>Cancel the session and close its connection.</summary>
    public sealed record CloseSession : SenderEffect;

    /// <summary>Cancel the session's work only (the watchdog): its end comes back as <see cref="SenderInputs.SessionEnded"/>.</summary>
    public sealed record CancelSession : SenderEffect;

    /// <summary>Add a sealed chunk to the ledger.</summary>
    public sealed record Track(SealedChunk Chunk) : SenderEffect;

    /// <summary>Queue a sealed chunk on the running session.</summary>
    public sealed record Upload(SealedChunk Chunk) : SenderEffect;

    public sealed record SealLedger(int ChunkCount) : SenderEffect;

    /// <summary>The receiver's resume answer is the truth: exactly the chunks in its bitmap are held.</summary>
    public sealed record AdoptHoldings(string TransferId, byte[] Held, int DroppedChunks) : SenderEffect;

    /// <summary>A fresh transfer holds nothing.</summary>
    public sealed record ForgetHoldings : SenderEffect;

    /// <summary>Ask the receiver which chunks of the transfer it holds (ResumeTransfer).</summary>
    public sealed record AskToResume(string TransferId) : SenderEffect;

    public sealed record OpenConnection(TransferTarget Target) : SenderEffect;

    /// <summary>Ask the receiver for a fresh transfer of the same archive, naming the one it forgot.</summary>
    public sealed record AskForFreshTransfer(string ReopenOf, string Why) : SenderEffect;

    /// <summary>Ask the receiver to verify and file the archive (CompleteTransfer); the answer carries the round.</summary>
    public sealed record AskToComplete(string TransferId, FinishTransfer Finish, int Round) : SenderEffect;

    /// <summary>Ask after a transfer the receiver verifies (ResumeTransfer); the answer carries the round.</summary>
    public sealed record Probe(string TransferId, int Round) : SenderEffect;

    public sealed record StartProbing(TimeSpan Interval) : SenderEffect;

    public sealed record StopProbing : SenderEffect;

    /// <summary>Fire <see cref="SenderInputs.RetryDue"/> after the delay.</summary>
    public sealed record ScheduleRetry(TimeSpan Delay) : SenderEffect;

    /// <summary>Every timer, the once-a-second tick included.</summary>
    public sealed record StopTimers : SenderEffect;

    /// <summary>Tell the parent (the run).</summary>
    public sealed record Report(object Message) : SenderEffect;

    public sealed record Log(LogLevel Level, string Message) : SenderEffect;
}
