using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using AkkaBackup.Core.Chunking;
using static AkkaBackup.Client.Tests.Transfer.SenderScript;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>
/// The world around one sender, as its effects shape it: a compressor that seals chunks, a parent that sends the
/// finish, a receiver that answers what was asked (or, when hostile, never does), sessions, connections and timers
/// in flight. <see cref="Possible"/> lists what could happen next; every decision is checked by
/// <see cref="SenderWorldChecks"/>. No actor, no clock, no socket: the machine is pure.
/// </summary>
internal sealed partial class SenderWorld
{
    public const int Chunks = 3;

    private readonly Random _random;
    private readonly HashSet<int> _tracked = [];
    private readonly HashSet<int> _held = [];
    private readonly List<string> _resumeAsks = [];
    private readonly List<(string Id, int Round)> _completionAsks = [];
    private readonly List<(string Id, int Round)> _probeAsks = [];
    private int _connects;
    private int _freshAsks;
    private int _sealedChunks;
    private bool _archiveSealed;
    private bool _ledgerSealed;
    private bool _finishSent;
    private bool _allAcknowledgedHeard;
    private bool _sessionCancelled;
    private TimeSpan _retryDelay;

    /// <param name="kept">The archive of an interrupted run: sealed and tracked, no connection, the finish sent at once.</param>
    public SenderWorld(Random random, bool kept = false)
    {
        _random = random;
        if (kept)
        {
            _sealedChunks = Chunks;
            _archiveSealed = _ledgerSealed = true;
            _tracked.UnionWith(Enumerable.Range(0, Chunks));
        }

        History.Add(kept ? "Start(kept)" : "Start(connected)");
        var start = SenderMachine.Start(new ChunkSenderMessages.TransferTarget(TransferId, 7001), connected: !kept, Now);
        State = start.State;
        Ticking = true;
        start.Effects.ToList().ForEach(Apply);
        AllowFinish = kept;
    }

    public SenderState State { get; private set; }

    public TimeSpan Now { get; private set; }

    public List<string> History { get; } = [];

    public List<object> Reports { get; } = [];

    public bool Session { get; private set; }

    public bool RetryTimer { get; private set; }

    public bool Probing { get; private set; }

    public bool Ticking { get; private set; }

    /// <summary>Stall reports since the last progress.</summary>
    public int StallReports { get; private set; }

    public bool Done => State.Phase == SenderPhase.Done;

    public string Trace => string.Join(" → ", History);

    /// <summary>The parent sends the finish: at once for a kept archive, else once every chunk of the sealed archive is held.</summary>
    private bool AllowFinish { get; set; }

    private bool Pending => _tracked.Except(_held).Any();

    public SenderDecision Feed(string name, SenderInput input, TimeSpan after)
    {
        Now += after;
        History.Add(name);
        var before = State;
        var decision = SenderMachine.Decide(Context, State, input, Now, _random.NextDouble());
        State = decision.State;
        Consume(input);
        foreach (var effect in decision.Effects)
        {
            Apply(effect);
        }

        SenderWorldChecks.Decision(this, before, input, decision);
        return decision;
    }

    /// <summary>Everything that could happen next. Hostile: the receiver and the network only ever fail.</summary>
    public IReadOnlyList<Move> Possible(bool hostile)
    {
        var next = new List<Move>();
        var ms = TimeSpan.FromMilliseconds(200);
        if (_sealedChunks < Chunks)
        {
            var chunk = Chunk(_sealedChunks);
            next.Add(new("ChunkSealed", () => { _sealedChunks++; return Feed("ChunkSealed", new In.ChunkSealed(chunk, !Pending), ms); }));
        }
        else if (!_archiveSealed)
        {
            next.Add(new("ArchiveSealed", () => { _archiveSealed = true; return Feed("ArchiveSealed", new In.ArchiveSealed(Chunks), ms); }));
        }

        if (!_finishSent && (AllowFinish || (_allAcknowledgedHeard && _archiveSealed)))
        {
            next.Add(new("Finish", () => { _finishSent = true; return Feed("Finish", new In.FinishRequested(Finish), ms); }));
        }

        if (Ticking)
        {
            next.Add(new("Tick", () => Feed("Tick", new In.Tick(_ledgerSealed, Pending), TimeSpan.FromSeconds(1))));
        }

        if (RetryTimer)
        {
            next.Add(new("RetryDue", () => { RetryTimer = false; return Feed("RetryDue", new In.RetryDue(), _retryDelay); }));
        }

        if (Probing)
        {
            next.Add(new("ProbeDue", () => Feed("ProbeDue", new In.ProbeDue(), SenderMachine.VerifyProbeInterval)));
        }

        AddReceiverMoves(next, hostile, ms);
        return next;
    }

    /// <summary>Lets random things happen for a while, then makes the receiver hostile until the sender is done.</summary>
    public void RunToEnd(int friendlySteps)
    {
        for (var step = 0; step < friendlySteps + 2000 && !Done; step++)
        {
            var next = Possible(hostile: step >= friendlySteps);
            Assert.True(next.Count > 0, $"the sender is stuck in {State.Phase} with nothing in flight: {Trace}");
            next[_random.Next(next.Count)].Act();
        }

        Assert.True(Done, $"the sender was not done: {Trace}");
        Assert.Single(Reports, r => r is ChunkSenderMessages.TransferStored or ChunkSenderMessages.TransferBroken);

        // Whatever was still in flight arrives; a sender that is done takes it quietly.
        var done = State;
        for (var late = Possible(hostile: false); late.Count > 0; late = Possible(hostile: false))
        {
            var d = late[_random.Next(late.Count)].Act();
            Assert.All(d.Effects, e => Assert.IsType<DiscardConnection>(e));
            Assert.Equal(done, State);
        }
    }

    /// <summary>One thing that can happen next, named after its input.</summary>
    public sealed record Move(string Name, Func<SenderDecision> Act);

    /// <summary>Crosses off what the input ended.</summary>
    private void Consume(SenderInput input)
    {
        switch (input)
        {
            case In.SessionEnded:
                Session = _sessionCancelled = false;
                break;
            case In.ChunkAcknowledged:
                StallReports = 0;
                break;
        }
    }

    private void Apply(SenderEffect effect)
    {
        switch (effect)
        {
            case StartSession:
                Assert.False(Session, $"a second session: {Trace}");
                Session = true;
                break;
            case CloseSession:
                Session = false;
                break;
            case CancelSession:
                _sessionCancelled = true;
                break;
            case Track t:
                _tracked.Add(t.Chunk.Index);
                break;
            case Upload:
                Assert.True(Session, $"an upload without a session: {Trace}");
                break;
            case SealLedger:
                _ledgerSealed = true;
                break;
            case AdoptHoldings adopt:
                _held.Clear();
                _held.UnionWith(ChunkBitmap.Indices(adopt.Held).Where(_tracked.Contains));
                break;
            case ForgetHoldings:
                _held.Clear();
                break;
            case AskToResume ask:
                _resumeAsks.Add(ask.TransferId);
                break;
            case OpenConnection:
                _connects++;
                break;
            case AskForFreshTransfer:
                _freshAsks++;
                break;
            case AskToComplete complete:
                _completionAsks.Add((complete.TransferId, complete.Round));
                break;
            case Probe probe:
                _probeAsks.Add((probe.TransferId, probe.Round));
                break;
            case StartProbing:
                Probing = true;
                break;
            case StopProbing:
                Probing = false;
                break;
            case ScheduleRetry retry:
                RetryTimer = true;
                _retryDelay = retry.Delay;
                break;
            case StopTimers:
                RetryTimer = Probing = Ticking = false;
                break;
            case Report report:
                Reports.Add(report.Message);
                _allAcknowledgedHeard |= report.Message is ChunkSenderMessages.AllChunksAcknowledged;
                StallReports += report.Message is ChunkSenderMessages.TransferStalled ? 1 : 0;
                break;
        }
    }
}
