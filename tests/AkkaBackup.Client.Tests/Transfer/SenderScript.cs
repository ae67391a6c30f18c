using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>One sender driven input by input on a clock of the test's own: the pure machine, no actor.</summary>
internal sealed class SenderScript
{
    public const string TransferId = "20261205030001-0123456789abcdef";
    public const string OtherId = "20261205040000-fedcba9876543210";
    public const string ArchivePath = "/staging/main/Data.zip";
    public const long Length = 400_000;
    public static readonly string Sha256 = new('a', 64);

    public static readonly SenderContext Context = new(
        ArchivePath, new RetryPolicy(Initial: TimeSpan.FromSeconds(1), Max: TimeSpan.FromSeconds(8), Deadline: TimeSpan.FromSeconds(60), ResumeTimeout: TimeSpan.FromSeconds(5)),
        StallRestartAfter: TimeSpan.FromSeconds(30), TransferStallTimeout: TimeSpan.FromSeconds(20));

    public static readonly FinishTransfer Finish = new(Length, 2, Sha256,
        new ArchiveDescription("host", "mariadb", "main", "10.11", "/var/lib/mysql", 1_000_000, 10, "zip/deflate", DateTimeOffset.UnixEpoch, [], "run", "full", "all", null));

    public static readonly TransferCompleted Completed = new(TransferId, "main.zip", "/store/client-1/main.zip", Length, Sha256);

    public SenderState State { get; private set; } = null!;

    public TimeSpan Now { get; private set; }

    public static SealedChunk Chunk(int index) => new(index, index * 100_000L, 100_000, (ulong)index + 1);

    public SenderDecision Start(bool connected)
    {
        var d = SenderMachine.Start(new TransferTarget(TransferId, 7001), connected, Now);
        State = d.State;
        return d;
    }

    /// <summary>Feeds one input <paramref name="after"/> the previous one (default: a tenth of a second).</summary>
    public SenderDecision Feed(SenderInput input, TimeSpan? after = null, double jitter = 0.5)
    {
        Now += after ?? TimeSpan.FromMilliseconds(100);
        var d = SenderMachine.Decide(Context, State, input, Now, jitter);
        State = d.State;
        return d;
    }

    /// <summary>Connected, two chunks sealed and uploaded, the archive sealed.</summary>
    public SenderScript Sending()
    {
        Start(connected: true);
        Feed(new In.ChunkSealed(Chunk(0), NothingPending: true));
        Feed(new In.ChunkSealed(Chunk(1), NothingPending: false));
        Feed(new In.ArchiveSealed(2));
        return this;
    }

    /// <summary>The session broke; a retry is scheduled.</summary>
    public SenderScript Disconnected()
    {
        Sending();
        Feed(new In.SessionEnded(new TransferException("connection reset")));
        return this;
    }

    /// <summary>Every chunk acknowledged, the finish asked for: the receiver verifies (round 1).</summary>
    public SenderScript Verifying()
    {
        Sending();
        Feed(new In.ChunkAcknowledged(100_000));
        Feed(new In.ChunkAcknowledged(200_000));
        Feed(new In.SessionEnded(null));
        Feed(new In.FinishRequested(Finish));
        return this;
    }

    /// <summary>One input of every kind there is.</summary>
    public static IReadOnlyList<SenderInput> EveryKind =>
    [
        new In.ChunkSealed(Chunk(0), NothingPending: true), new In.ArchiveSealed(2), new In.FinishRequested(Finish), new In.ChunkAcknowledged(100_000),
        new In.Tick(LedgerSealed: true, ChunksPending: true), new In.SessionEnded(null), new In.ConnectionOpened(), new In.Failed(new TransferException("refused")),
        new In.RetryDue(), new In.ResumeAnswered(Resumed(TransferId, 0)), new In.ResumeFailed(new TimeoutException("no answer")),
        new In.FreshTransferAnswered(new TransferOpened(OtherId, 7003), "expired"), new In.CompletionAnswered(1, Completed),
        new In.CompletionFailed(1, new TimeoutException("verify-timeout")), new In.ProbeDue(), new In.ProbeAnswered(1, Completed),
    ];

    public static TransferResumed Resumed(string id, params int[] held) => new(id, 7002, 100_000, ChunkBitmap.From(held), 0);
}
