using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Transfer.Sending;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Client.Archiving.CompressorMessages;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// <c>run-&lt;id&gt;/sender</c>: gets the archive to the receiver whatever the network does. What it does next is
/// decided by <see cref="SenderMachine"/>, a pure state machine (backoff, resume, fresh transfer, completion,
/// verify probes, the watchdogs, giving up); this actor turns messages into its inputs and carries out its
/// effects: <see cref="ChunkUploader"/> sessions on data-plane connections, requests to the receiver, timers,
/// reports to the run.
/// </summary>
public sealed class ChunkSender : ReceiveActor, IWithTimers
{
    public const string Name = "sender";

    private readonly ClientSettings _settings;
    private readonly ClientNodeContext _node;
    private readonly SenderContext _context;
    private readonly TransferLedger _ledger;
    private readonly OpenTransfer _reopen;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _parent = Context.Parent;
    private readonly ReceiverLink _receiver;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TransferTarget _target;
    private SenderState _state = null!;
    private DataPlaneConnection? _opened;
    private DataPlaneConnection? _connection;
    private ChunkUploader? _uploader;
    private CancellationTokenSource _session = new();

    public ChunkSender(ClientSettings settings, ClientNodeContext node, TransferTarget target, string archivePath, TransferLedger ledger,
        DataPlaneConnection? connection, OpenTransfer reopen)
    {
        _settings = settings;
        _node = node;
        _context = SenderContext.From(settings, archivePath);
        _target = target;
        _ledger = ledger;
        _reopen = reopen;
        _opened = connection;
        _receiver = node.Receivers.For(settings.Target);

        Receive<ChunkSealed>(s => Decide(new In.ChunkSealed(s.Chunk, NothingPending: !_ledger.HasPending)));
        Receive<ArchiveSealed>(s => Decide(new In.ArchiveSealed(s.Result.ChunkCount)));
        Receive<FinishTransfer>(f => Decide(new In.FinishRequested(f)));
        Receive<Acknowledged>(_ => Decide(new In.ChunkAcknowledged(_ledger.BytesAcknowledged)));
        Receive<StallCheck>(_ => Decide(new In.Tick(_ledger.IsSealed, _ledger.HasPending)));
        Receive<Opened>(o =>
        {
            _opened = o.Connection;
            Decide(new In.ConnectionOpened());
        });
        Receive<SenderInput>(Decide);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Now => _clock.Elapsed;

    public static Props Props(ClientSettings settings, ClientNodeContext node, TransferTarget target, string archivePath, TransferLedger ledger,
        DataPlaneConnection? connection, OpenTransfer reopen) =>
        Akka.Actor.Props.Create(() => new ChunkSender(settings, node, target, archivePath, ledger, connection, reopen));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("stall", new StallCheck(), TimeSpan.FromSeconds(1));
        var start = SenderMachine.Start(_target, _opened is not null, Now);
        _state = start.State;
        CarryOut(start.Effects);
    }

    protected override void PostStop()
    {
        _session.Cancel();
        _connection?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
    }

    private void Decide(SenderInput input)
    {
        var decision = SenderMachine.Decide(_context, _state, input, Now, Random.Shared.NextDouble());
        _state = decision.State;
        CarryOut(decision.Effects);
    }

    private void CarryOut(IReadOnlyList<SenderEffect> effects)
    {
        foreach (var effect in effects)
        {
            CarryOut(effect);
        }
    }

    private void CarryOut(SenderEffect effect)
    {
        switch (effect)
        {
            case StartSession:
                StartSessionNow();
                break;
            case DiscardConnection:
                Dispose(ref _opened);
                break;
            case CloseSession:
                _session.Cancel();
                _uploader = null;
                Dispose(ref _connection);
                break;
            case CancelSession:
                _session.Cancel();
                break;
            case Track track:
                _ledger.Add(track.Chunk);
                break;
            case Upload upload:
                _uploader!.Enqueue(upload.Chunk);
                break;
            case SealLedger seal:
                _ledger.Seal(seal.ChunkCount);
                break;
            case AdoptHoldings adopt:
                AdoptHoldingsNow(adopt);
                break;
            case ForgetHoldings:
                _ledger.ResetTo([]);
                break;
            case AskToResume resume:
                Ask(new ResumeTransfer(resume.TransferId), _settings.Retry.ResumeTimeout, a => new In.ResumeAnswered(a), e => new In.ResumeFailed(e));
                break;
            case OpenConnection open:
                DataPlaneConnection.OpenAsync(_settings.Target.Host, open.Target.DataPort, open.Target.TransferId, _node.Tls, _receiver.DataPlaneValidator,
                        _settings.Target.RequestTimeout, CancellationToken.None)
                    .PipeTo(Self, success: c => new Opened(c), failure: e => new In.Failed(e));
                break;
            case AskForFreshTransfer fresh:
                Ask(_reopen with { ReopenOf = fresh.ReopenOf }, _settings.Target.RequestTimeout, a => new In.FreshTransferAnswered(a, fresh.Why), e => new In.Failed(e));
                break;
            case AskToComplete complete:
                var f = complete.Finish;
                Ask(new CompleteTransfer(complete.TransferId, f.Length, f.ChunkCount, f.Sha256, f.Description) { Downtime = f.Downtime, NextRun = f.NextRun }, _settings.Target.VerifyTimeout,
                    a => new In.CompletionAnswered(complete.Round, a), e => new In.CompletionFailed(complete.Round, e));
                break;
            case Probe probe:
                Ask(new ResumeTransfer(probe.TransferId), _settings.Retry.ResumeTimeout, a => new In.ProbeAnswered(probe.Round, a), _ => new In.ProbeAnswered(probe.Round, null));
                break;
            case StartProbing probing:
                Timers.StartPeriodicTimer("verify-probe", new In.ProbeDue(), probing.Interval);
                break;
            case StopProbing:
                Timers.Cancel("verify-probe");
                break;
            case ScheduleRetry retry:
                Timers.StartSingleTimer("retry", new In.RetryDue(), retry.Delay);
                break;
            case StopTimers:
                Timers.CancelAll();
                break;
            case Report report:
                _parent.Tell(report.Message);
                break;
            case Log log:
                _log.Log(log.Level, null, "{0}", log.Message);
                break;
        }
    }

    private void StartSessionNow()
    {
        _connection = _opened!;
        _opened = null;
        _session = new CancellationTokenSource();
        var self = Self;
        var log = _log;
        _uploader = new ChunkUploader(
            _connection, _context.ArchivePath, _settings.Window, _settings.MaxChunkAttempts, _settings.TestHooks, _ledger,
            _ => self.Tell(new Acknowledged()),
            warning => log.Warning(warning));
        foreach (var chunk in _ledger.Pending())
        {
            _uploader.Enqueue(chunk);
        }

        _uploader.RunAsync(_session.Token)
            .ContinueWith(t => new In.SessionEnded(t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException() ?? new OperationCanceledException()))
            .PipeTo(self);
    }

    private void AdoptHoldingsNow(AdoptHoldings adopt)
    {
        var before = _ledger.BytesAcknowledged;
        _ledger.ResetTo(adopt.Held);
        _log.Info("Transfer {0} resumed: the receiver holds {1:N0} bytes{2}; {3} chunk(s) to send",
            adopt.TransferId, _ledger.BytesAcknowledged, adopt.DroppedChunks > 0 ? $" ({adopt.DroppedChunks} damaged chunk(s) dropped)" : "", _ledger.Pending().Count);
        if (_ledger.BytesAcknowledged < before)
        {
            _log.Warning("Transfer {0}: the receiver holds {1:N0} bytes fewer than were acknowledged; they are sent again", adopt.TransferId, before - _ledger.BytesAcknowledged);
        }
    }

    private void Ask(IProtocolMessage request, TimeSpan timeout, Func<object, SenderInput> answered, Func<Exception, SenderInput> failed) =>
        _receiver.AskAsync<object>(request, timeout).PipeTo(Self, success: answered, failure: failed);

    private static void Dispose(ref DataPlaneConnection? connection)
    {
        if (connection is { } c)
        {
            connection = null;
            _ = c.DisposeAsync().AsTask();
        }
    }

    private sealed record Opened(DataPlaneConnection Connection);

    /// <summary>From an upload session: a chunk was acknowledged (the ledger has it).</summary>
    private sealed record Acknowledged;

    /// <summary>Once a second: the watchdogs look at the clock and the ledger.</summary>
    private sealed record StallCheck;
}
