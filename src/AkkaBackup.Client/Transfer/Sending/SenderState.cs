using static AkkaBackup.Client.Transfer.ChunkSenderMessages;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>Which inputs the sender acts on now.</summary>
public enum SenderPhase
{
    /// <summary>A data-plane session runs: sealed chunks go out as they come, acknowledgements come back.</summary>
    Connected,

    /// <summary>No session: a retry is due, or a resume, a connection or a fresh transfer is asked for.</summary>
    Disconnected,

    /// <summary>The receiver holds every chunk: waiting for the parent's finish, or for the receiver's verdict on the archive.</summary>
    Completing,

    /// <summary>The parent was told the transfer is stored or broken; nothing more happens.</summary>
    Done,
}

/// <summary>
/// Everything the sender's decisions depend on, immutable. Which chunks the receiver holds is not in here: the
/// <see cref="TransferLedger"/> is shared with the upload sessions and the run, and the facts a decision needs
/// from it come in with the input. Times are offsets on the sender's own clock (<c>now</c> of every decision).
/// </summary>
public sealed record SenderState
{
    public SenderPhase Phase { get; init; } = SenderPhase.Disconnected;

    /// <summary>The transfer id (the resume token) and the receiver's data port; both change on a resume or a fresh transfer.</summary>
    public required TransferTarget Target { get; init; }

    /// <summary>What the parent asked the receiver to verify, once every chunk is there.</summary>
    public FinishTransfer? Finish { get; init; }

    public bool AllAcknowledgedReported { get; init; }

    /// <summary>Retries since the last progress: the backoff's exponent.</summary>
    public int Attempt { get; init; }

    public int CompletionAttempts { get; init; }

    /// <summary>One per completion asked for: answers to an earlier one (a late verdict, a late probe) are told apart.</summary>
    public int CompletionRound { get; init; }

    /// <summary>When the first failure since the last progress happened; the retry deadline runs from here.</summary>
    public TimeSpan? FailingSince { get; init; }

    public TimeSpan LastProgress { get; init; }

    public bool StallReported { get; init; }

    public string LastError { get; init; } = "";

    /// <summary>When the current session last moved: it started, a chunk was acknowledged, or a chunk came after a quiet spell.</summary>
    public TimeSpan SessionMovedAt { get; init; }

    /// <summary>Why the watchdog closed the current session, if it did.</summary>
    public string? SessionStall { get; init; }

    public string TransferId => Target.TransferId;

    /// <summary>Progress: a chunk acknowledged. The retry deadline and the backoff start over.</summary>
    public SenderState Progressed(TimeSpan now) =>
        this with { LastProgress = now, SessionMovedAt = now, FailingSince = null, Attempt = 0, StallReported = false };

    /// <summary>A session starts on a fresh connection: its watchdog clock starts now.</summary>
    public SenderState SessionStarted(TimeSpan now) => this with { Phase = SenderPhase.Connected, SessionMovedAt = now, SessionStall = null };
}
