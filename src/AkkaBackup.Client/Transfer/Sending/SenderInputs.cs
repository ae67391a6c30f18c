using AkkaBackup.Core.Chunking;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>
/// What can happen to a sender: the compressor or the parent tells it something, a session ends, the receiver
/// answers a request (or does not), a timer fires. Answers are inputs as they come; the facts a decision needs
/// from the shared <see cref="TransferLedger"/> are read by the actor when the input is taken.
/// </summary>
public abstract record SenderInput;

public static class SenderInputs
{
    /// <param name="NothingPending">The ledger held no chunk the receiver lacks before this one.</param>
    public sealed record ChunkSealed(SealedChunk Chunk, bool NothingPending) : SenderInput;

    public sealed record ArchiveSealed(int ChunkCount) : SenderInput;

    /// <summary>The parent: every chunk is there, ask the receiver to verify and file the archive.</summary>
    public sealed record FinishRequested(FinishTransfer Finish) : SenderInput;

    /// <param name="BytesAcknowledged">The ledger's total after the acknowledgement.</param>
    public sealed record ChunkAcknowledged(long BytesAcknowledged) : SenderInput;

    /// <summary>Once a second: the watchdogs look at the clock.</summary>
    public sealed record Tick(bool LedgerSealed, bool ChunksPending) : SenderInput;

    /// <summary>An upload session ended: every chunk of the sealed archive is held (no error), or it broke.</summary>
    public sealed record SessionEnded(Exception? Error) : SenderInput;

    /// <summary>The data-plane connection asked for is open (the actor holds it until it is used or closed).</summary>
    public sealed record ConnectionOpened : SenderInput;

    /// <summary>Opening a connection or a fresh transfer failed.</summary>
    public sealed record Failed(Exception Cause) : SenderInput;

    /// <summary>The retry timer fired.</summary>
    public sealed record RetryDue : SenderInput;

    /// <summary>The receiver's answer to ResumeTransfer: TransferResumed, TransferCompleted, TransferVerifying or TransferUnknown.</summary>
    public sealed record ResumeAnswered(object Answer) : SenderInput;

    public sealed record ResumeFailed(Exception Cause) : SenderInput;

    /// <summary>The receiver's answer to OpenTransfer for a fresh transfer of the archive; <paramref name="Why"/> the old one was forgotten.</summary>
    public sealed record FreshTransferAnswered(object Answer, string Why) : SenderInput;

    public sealed record CompletionAnswered(int Round, object Answer) : SenderInput;

    public sealed record CompletionFailed(int Round, Exception Cause) : SenderInput;

    /// <summary>The verify-probe timer fired.</summary>
    public sealed record ProbeDue : SenderInput;

    /// <param name="Answer">The receiver's answer to ResumeTransfer, or null when it gave none.</param>
    public sealed record ProbeAnswered(int Round, object? Answer) : SenderInput;
}
