using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Runs.Machine;
using AkkaBackup.Core.Naming;
using static AkkaBackup.Client.Runs.Machine.RunEffects;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Runs.Machine.RunInputs;

namespace AkkaBackup.Client.Tests.Runs;

/// <summary>
/// The world around one run, as the state machine's effects shape it: a database server that is up or down,
/// pre-flight, stop, start, compressor, chunk sender and kept-archive load in flight, a journal that survives a
/// crash of the node. <see cref="Possible"/> lists what could happen next; <see cref="Feed"/> lets it happen,
/// checking the run's invariants on every decision. No actor, no clock, no server: the machine is pure.
/// </summary>
internal sealed class RunWorld
{
    public const string RunId = "20261205030000-0badc0de";
    public const string TransferId = "20261205030001-0123456789abcdef";
    public const string ArchivePath = "/staging/main/Data.zip";
    public const string ClonePath = "/var/lib/.akkabackup-clone-" + RunId;

    private readonly RunContext _context;
    private readonly BackupType _type;
    private TimeSpan _now;
    private int _startsThisIncarnation;

    public RunWorld(RestartAfter restartAfter = RestartAfter.Transfer, BackupType type = BackupType.Cold)
    {
        _type = type;
        _context = new RunContext(RunId, "main", restartAfter, type);
        State = RunMachine.Initial(RunId);
    }

    public RunState State { get; private set; }

    public List<IRunEvent> Journal { get; } = [];

    /// <summary>Every effect of the current incarnation, in order.</summary>
    public List<RunEffect> Effects { get; } = [];

    public List<string> History { get; } = [];

    public bool ServerDown { get; private set; }

    public bool PreflightRunning { get; private set; }

    public bool PreflightCancelled { get; private set; }

    public bool Stopping { get; private set; }

    public bool Starting { get; private set; }

    public bool Compressing { get; private set; }

    /// <summary>Snapshot: a clone is being made.</summary>
    public bool Cloning { get; private set; }

    /// <summary>Snapshot: a clone (whole or partial) is on disk.</summary>
    public bool CloneExists { get; private set; }

    /// <summary>The server was stopped at some point (by this run).</summary>
    public bool EverStopped { get; private set; }

    public bool CompressionCancelled { get; private set; }

    public bool ArchiveSealed { get; private set; }

    /// <summary>The compressor said the data directory is read or copied and will not be read again.</summary>
    public bool SourceReleased { get; private set; }

    public bool Sending { get; private set; }

    public bool FinishReceived { get; private set; }

    public bool AllAcknowledged { get; private set; }

    public bool Loading { get; private set; }

    public int Crashes { get; private set; }

    public int Cancels { get; private set; }

    public bool Concluded => State.Stage == RunStage.Concluded;

    public RunDecision Feed(RunInput input)
    {
        _now += TimeSpan.FromMilliseconds(10);
        input = input with { Now = _now };
        History.Add(input.GetType().Name);
        var before = State;
        var decision = RunMachine.Decide(_context, State, input);
        CheckDecision(before, input, decision);
        State = decision.State;
        Journal.AddRange(decision.Events);
        Effects.AddRange(decision.Effects);
        foreach (var effect in decision.Effects)
        {
            Apply(effect);
        }

        return decision;
    }

    /// <summary>The node dies: what was in flight is lost, the server stays as it is, the journal is read again.</summary>
    public RunDecision Crash()
    {
        History.Add("Crash");
        Crashes++;
        if (Stopping)
        {
            ServerDown = true;
        }

        PreflightRunning = PreflightCancelled = Stopping = Starting = Compressing = CompressionCancelled = Sending = FinishReceived = Loading = Cloning = SourceReleased = false;
        ArchiveSealed = AllAcknowledged = false;
        _startsThisIncarnation = 0;
        Effects.Clear();
        State = Journal.Aggregate(RunMachine.Initial(RunId), (s, e) => s.Apply(e));
        return Feed(new In.Recovered(default, Resuming: true, At));
    }

    /// <summary>Everything that could happen next, given what is in flight.</summary>
    public IReadOnlyList<Move> Possible(bool allowCrash = true, bool allowCancel = true)
    {
        var next = new List<Move>();
        if (State.Stage == RunStage.Recovering)
        {
            next.Add(new("Recovered", () => Feed(new In.Recovered(default, Resuming: false, At))));
            return next;
        }

        if (PreflightRunning)
        {
            next.Add(new("Waiting", () => Feed(new In.Waiting(default, new WaitForAdmission("t", 2, 1, "all slots taken")))));
            var clone = _type == BackupType.Snapshot ? ClonePath : null;
            next.Add(new("Preflighted", () => Feed(new In.Preflighted(default, new PreflightSummary(TransferId, ArchivePath, "10.11.19-MariaDB", 1_000_000, 10, clone), 1 << 20, At))));
            next.Add(new("PreflightFailed", () => Feed(new In.PreflightFailed(default, PreflightCancelled ? new OperationCanceledException() : new IOException("no space")))));
        }

        if (Stopping)
        {
            next.Add(new("ServerStopped", () => Feed(new In.ServerStopped(default))));
            next.Add(new("StopFailed", () => Feed(new In.StopFailed(default, new IOException("stop command exited 1")))));
        }

        if (Cloning)
        {
            next.Add(new("Cloned", () => Feed(new In.Cloned(default, 10, 1_000_000, TimeSpan.FromMilliseconds(300)))));
            next.Add(new("CloneFailed", () => Feed(new In.CloneFailed(default, new IOException("FICLONE: operation not supported")))));
        }

        if (Starting)
        {
            next.Add(new("ServerStarted", () => Feed(new In.ServerStarted(default, WasStartedByUs: true, At))));
            next.Add(new("StartFailed", () => Feed(new In.StartFailed(default, new IOException("start command exited 1"), "start it by hand"))));
        }

        if (Compressing)
        {
            next.Add(new("ArchivingProgress", () => Feed(new In.ArchivingProgress(default, 500, 200))));
            if (!SourceReleased)
            {
                next.Add(new("SourceReleased", () => Feed(new In.SourceReleased(default, new AkkaBackup.Core.Archive.SourceReleased(600_000, 400_000, "met the compressor", TimeSpan.FromSeconds(1))))));
            }

            next.Add(new("ArchiveSealed", () => Feed(new In.ArchiveSealed(default, new ArchiveWasSealed(400_000, new string('a', 64), 1, 1_000_000, 10), AllAcknowledged))));
            next.Add(new("ArchiveFailed", () => Feed(new In.ArchiveFailed(default, CompressionCancelled ? new OperationCanceledException() : new IOException("read error")))));
        }

        if (Sending)
        {
            if (ArchiveSealed && !AllAcknowledged)
            {
                next.Add(new("AllChunksAcknowledged", () => Feed(new In.AllChunksAcknowledged(default))));
            }

            next.Add(new("TransferStalled", () => Feed(new In.TransferStalled(default, TimeSpan.FromMinutes(5), "receiver unreachable"))));
            next.Add(new("TransferReopened", () => Feed(new In.TransferReopened(default, State.TransferId ?? TransferId, "20261205040000-fedcba9876543210", "receiver restarted"))));
            next.Add(new("TransferBroken", () => Feed(new In.TransferBroken(default, "retry deadline passed", new IOException("receiver unreachable")))));
            if (FinishReceived && AllAcknowledged)
            {
                next.Add(new("TransferStored", () => Feed(new In.TransferStored(default, new TransferCompleted(TransferId, "main.zip", "/store/client-1/main.zip", 400_000, new string('a', 64))))));
            }
        }

        if (Loading)
        {
            next.Add(new("KeptArchiveLoaded", () => Feed(new In.KeptArchiveLoaded(default))));
            next.Add(new("TransferBroken", () => Feed(new In.TransferBroken(default, "kept archive unreadable", new IOException("gone")))));
        }

        if (allowCancel && Cancels < 2)
        {
            next.Add(new("Cancel", () =>
            {
                Cancels++;
                return Feed(new In.Cancel(default, "operator", ReceiverHoldsAll: AllAcknowledged && ArchiveSealed, Compressing));
            }));
        }

        if (allowCrash && Crashes < 2 && !Concluded)
        {
            next.Add(new("Crash", Crash));
        }

        return next;
    }

    /// <summary>Lets random things happen until the run concludes; fails on a run that can go nowhere.</summary>
    public void RunToEnd(Random random, bool allowCrash = true, bool allowCancel = true)
    {
        for (var step = 0; step < 300 && !Concluded; step++)
        {
            var next = Possible(allowCrash, allowCancel);
            if (next.Count == 0)
            {
                throw new InvalidOperationException($"the run is stuck in {State.Stage}/{State.Phase} with nothing in flight: {Trace}");
            }

            next[random.Next(next.Count)].Act();
        }

        // Whatever was still in flight reports; a concluded run must take it quietly.
        if (Concluded)
        {
            foreach (var late in Possible(allowCrash: false, allowCancel: true))
            {
                var decision = late.Act();
                Assert.DoesNotContain(decision.Effects, e => e is StartServer or StopServer or StartArchiving or Conclude);
            }
        }

        Assert.True(Concluded, $"the run did not conclude: {Trace}");
        CheckConclusion();
    }

    /// <summary>One thing that can happen next, named after its input.</summary>
    public sealed record Move(string Name, Func<RunDecision> Act);

    public string Trace => string.Join(" → ", History);

    private static DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000);

    private bool StopJournalled => Journal.Any(e => e is StopIssued);

    private void Apply(RunEffect effect)
    {
        switch (effect)
        {
            case RunPreflight: PreflightRunning = true; break;
            case CancelWork: PreflightCancelled = true; break;
            case StopServer: Stopping = true; break;
            case StartServer: Starting = true; _startsThisIncarnation++; break;
            case StartArchiving: Compressing = true; Sending = true; break;
            case CloneDataDirectory: Cloning = true; CloneExists = true; break;
            case RemoveClone: CloneExists = false; break;
            case CancelCompression: CompressionCancelled = true; break;
            case LoadKeptArchive: Loading = true; break;
            case ResumeSending: Sending = true; ArchiveSealed = true; break;
            case SendFinish: FinishReceived = true; break;
            case StopSender: Sending = false; break;
        }
    }

    /// <summary>Consumes what the input ended, then checks the invariants on the decision.</summary>
    private void CheckDecision(RunState before, RunInput input, RunDecision decision)
    {
        switch (input)
        {
            case In.Waiting: break;
            case In.Preflighted or In.PreflightFailed: PreflightRunning = false; break;
            case In.ServerStopped: Stopping = false; ServerDown = true; EverStopped = true; break;
            case In.StopFailed: Stopping = false; ServerDown = true; EverStopped = true; break;
            case In.Cloned or In.CloneFailed: Cloning = false; break;
            case In.ServerStarted: Starting = false; ServerDown = false; break;
            case In.StartFailed: Starting = false; break;
            case In.ArchiveSealed: Compressing = false; ArchiveSealed = true; break;
            case In.ArchiveFailed: Compressing = false; break;
            case In.SourceReleased: SourceReleased = true; break;
            case In.AllChunksAcknowledged: AllAcknowledged = true; break;
            case In.TransferStored or In.TransferBroken: Sending = false; Loading = false; break;
            case In.KeptArchiveLoaded: Loading = false; break;
        }

        var effects = decision.Effects;
        var events = decision.Events;

        // (3) Nothing is stopped before pre-flight passed, nor after a cancel; and the stop is journalled first.
        if (effects.Any(e => e is StopServer))
        {
            Assert.IsType<In.Preflighted>(input);
            Assert.Null(before.CancelReason);
            Assert.Contains(events, e => e is StopIssued);
        }

        // (2) Nothing is archived before the server is proven down: cold archives the data directory while it is
        // down; snapshot clones it while it is down and archives the clone; hot streams from the running server.
        if (effects.OfType<StartArchiving>().SingleOrDefault() is { } archiving)
        {
            switch (_type)
            {
                case BackupType.Cold:
                    Assert.IsType<In.ServerStopped>(input);
                    Assert.True(ServerDown, Trace);
                    Assert.Null(archiving.ClonePath);
                    break;
                case BackupType.Snapshot:
                    Assert.Equal(ClonePath, archiving.ClonePath);
                    Assert.True(CloneExists && !Cloning, $"archiving a clone that is not complete: {Trace}");
                    Assert.Contains(History, h => h == "Cloned");
                    break;
                case BackupType.Hot:
                    Assert.IsType<In.Preflighted>(input);
                    Assert.Null(archiving.ClonePath);
                    break;
            }
        }

        if (effects.Any(e => e is CloneDataDirectory))
        {
            Assert.Equal(BackupType.Snapshot, _type);
            Assert.IsType<In.ServerStopped>(input);
            Assert.True(ServerDown, Trace);
        }

        // (2) A cold run starts the server while its compressor still works only once the data directory is released
        // (read or copied to staging), and only with restart-after = copy.
        if (_type == BackupType.Cold && Compressing && !CompressionCancelled && effects.Any(e => e is StartServer))
        {
            Assert.True(SourceReleased, $"the server started while the data directory was still being read: {Trace}");
            Assert.Equal(RestartAfter.Copy, _context.RestartAfter);
        }

        // A hot run never touches the server.
        if (_type == BackupType.Hot)
        {
            Assert.DoesNotContain(effects, e => e is StopServer or StartServer or CloneDataDirectory);
        }

        // A start only for a server this run may have stopped, and once per incarnation.
        if (effects.Any(e => e is StartServer))
        {
            Assert.True(StopJournalled || events.Any(e => e is StopIssued), $"a start without a journalled stop: {Trace}");
            Assert.Equal(0, _startsThisIncarnation);
            Assert.Single(effects, e => e is StartServer);
        }

        if (input is In.Cancel)
        {
            Assert.Single(effects, e => e is Reply);
        }

        Assert.True(effects.Count(e => e is Conclude) <= 1);
        if (before.Stage == RunStage.Concluded)
        {
            Assert.Empty(events);
        }
    }

    /// <summary>(1) A run that stopped its server ends with the server answering, or with manual steps for a person.</summary>
    private void CheckConclusion()
    {
        var s = State;

        // The clone is removed on every path out, crashes included.
        Assert.False(CloneExists, $"a clone was left behind: {Trace}");
        if (_type == BackupType.Hot)
        {
            Assert.False(EverStopped, Trace);
            Assert.False(ServerDown, Trace);
            Assert.True(s.Downtime is null || s.Downtime == TimeSpan.Zero, Trace);
        }
        else if (StopJournalled)
        {
            Assert.True(s.ServerPhaseDone, $"concluded before the server start had an outcome: {Trace}");
            // A start that failed on a server that was in fact up (its probe failed) errs on the safe side.
            if (ServerDown || !s.ServerAnswering)
            {
                Assert.False(s.ServerAnswering, Trace);
                Assert.NotNull(s.ManualRecovery);
                Assert.False(s.Succeeded);
            }
        }
        else
        {
            Assert.False(ServerDown);
            Assert.DoesNotContain(Effects, e => e is StartServer);
        }

        if (s.Succeeded)
        {
            Assert.NotNull(s.Stored);
            Assert.NotNull(s.Sealed);
            Assert.Null(s.CancelReason);
            Assert.Equal(RunPhase.Done, s.Phase);
        }
        else
        {
            Assert.Equal(RunPhase.Failed, s.Phase);
        }
    }
}
