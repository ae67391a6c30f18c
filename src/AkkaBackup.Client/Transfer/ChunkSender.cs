using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Client.Archiving.CompressorMessages;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// <c>run-&lt;id&gt;/sender</c>: gets the archive to the receiver whatever the network does. Each data-plane
/// connection is a <see cref="ChunkUploader"/> session; when one breaks, the sender waits (exponential
/// backoff with jitter, capped), resumes the transfer with its id as token, learns exactly which chunks the
/// receiver holds, and sends only the others. A receiver that no longer knows the id gets a fresh transfer
/// of the same archive. While the receiver verifies the completed archive the sender asks after the transfer
/// now and then, so a receiver that restarted meanwhile is noticed within seconds, not at verify-timeout.
/// Gives up only on a permanent error or after the retry deadline without progress.
/// </summary>
public sealed class ChunkSender : ReceiveActor, IWithTimers
{
    public const string Name = "sender";

    private const int MaxCompletionAttempts = 3;

    /// <summary>How often the sender asks after a transfer the receiver is verifying.</summary>
    private static readonly TimeSpan VerifyProbeInterval = TimeSpan.FromSeconds(5);

    private readonly ClientSettings _settings;
    private readonly ClientNodeContext _node;
    private readonly string _archivePath;
    private readonly TransferLedger _ledger;
    private readonly OpenTransfer _reopen;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _parent = Context.Parent;
    private readonly ReceiverLink _receiver;
    private TransferTarget _target;
    private DataPlaneConnection? _connection;
    private ChunkUploader? _uploader;
    private CancellationTokenSource _session = new();
    private FinishTransfer? _finish;
    private bool _allAcknowledgedReported;
    private int _attempt;
    private int _completionAttempts;

    // One per completion asked for: answers to an earlier one (a late verdict, a late probe) are told apart.
    private int _completionRound;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset _lastProgress = DateTimeOffset.UtcNow;
    private bool _stallReported;
    private string _lastError = "";
    private DateTimeOffset _sessionMovedAt = DateTimeOffset.UtcNow;
    private string? _sessionStall;

    public ChunkSender(ClientSettings settings, ClientNodeContext node, TransferTarget target, string archivePath, TransferLedger ledger,
        DataPlaneConnection? connection, OpenTransfer reopen)
    {
        _settings = settings;
        _node = node;
        _target = target;
        _archivePath = archivePath;
        _ledger = ledger;
        _reopen = reopen;
        _connection = connection;
        _receiver = node.Receivers.For(settings.Target);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientSettings settings, ClientNodeContext node, TransferTarget target, string archivePath, TransferLedger ledger,
        DataPlaneConnection? connection, OpenTransfer reopen) =>
        Akka.Actor.Props.Create(() => new ChunkSender(settings, node, target, archivePath, ledger, connection, reopen));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("stall", StallCheck.Instance, TimeSpan.FromSeconds(1));
        if (_connection is not null)
        {
            StartSession(_connection);
        }
        else
        {
            Self.Tell(RetryNow.Instance);
            Become(Disconnected);
        }
    }

    protected override void PostStop()
    {
        _session.Cancel();
        _connection?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
    }

    private void Connected()
    {
        Receive<ChunkSealed>(s =>
        {
            // Nothing was outstanding: the stall clock starts with this chunk, not at the last acknowledgement
            // (slow compression between two chunks is no stalled connection).
            if (!_ledger.HasPending)
            {
                _sessionMovedAt = DateTimeOffset.UtcNow;
            }

            _ledger.Add(s.Chunk);
            _uploader!.Enqueue(s.Chunk);
        });
        Receive<SessionEnded>(OnSessionEnded);
        Common();
    }

    private void Disconnected()
    {
        Receive<ChunkSealed>(s => _ledger.Add(s.Chunk));
        Receive<RetryNow>(_ => AskToResume());
        Receive<TransferResumed>(resumed => !ForThisTransfer(resumed.TransferId), resumed => NotOurs(resumed.TransferId));
        Receive<TransferResumed>(resumed =>
        {
            _target = new TransferTarget(resumed.TransferId, resumed.DataPort);
            var before = _ledger.BytesAcknowledged;
            _ledger.ResetTo(resumed.StoredChunks);
            _log.Info("Transfer {0} resumed: the receiver holds {1:N0} bytes{2}; {3} chunk(s) to send",
                _target.TransferId, _ledger.BytesAcknowledged, resumed.DroppedChunks > 0 ? $" ({resumed.DroppedChunks} damaged chunk(s) dropped)" : "",
                _ledger.Pending().Count);
            if (_ledger.BytesAcknowledged < before)
            {
                _log.Warning("Transfer {0}: the receiver holds {1:N0} bytes fewer than were acknowledged; they are sent again", _target.TransferId, before - _ledger.BytesAcknowledged);
            }

            Connect();
        });
        Receive<TransferCompleted>(Stored);
        Receive<TransferVerifying>(verifying => !ForThisTransfer(verifying.TransferId), verifying => NotOurs(verifying.TransferId));
        Receive<TransferUnknown>(unknown => !ForThisTransfer(unknown.TransferId), unknown => NotOurs(unknown.TransferId));
        Receive<TransferVerifying>(_ =>
        {
            // A completion this sender no longer waits for (its answer was lost): the verdict comes to a later resume.
            _log.Info("Transfer {0}: the receiver is verifying the archive; asking again shortly", _target.TransferId);
            Timers.StartSingleTimer("retry", RetryNow.Instance, VerifyProbeInterval);
        });
        Receive<TransferUnknown>(unknown =>
        {
            _log.Warning("The receiver does not know transfer {0} ({1}); opening a fresh transfer of {2}", _target.TransferId, unknown.Reason, _archivePath);
            _lastError = unknown.Reason;
            AskReceiver<object>(_reopen with { ReopenOf = _target.TransferId }, _settings.Target.RequestTimeout)
                .PipeTo(Self, success: a => new Reopened(a, unknown.Reason), failure: e => new Failed(e));
        });
        Receive<Reopened>(r =>
        {
            switch (r.Answer)
            {
                case TransferOpened opened:
                    var old = _target.TransferId;
                    _target = new TransferTarget(opened.TransferId, opened.DataPort);
                    _ledger.ResetTo([]);
                    _parent.Tell(new TransferReopened(old, opened.TransferId, r.Why));
                    Connect();
                    break;
                case TransferRefused refused:
                    Retry(new TransferException($"the receiver refused a fresh transfer: {refused.Reason}"));
                    break;
                default:
                    Retry(new TransferException($"the receiver answered OpenTransfer with {r.Answer.GetType().Name}"));
                    break;
            }
        });
        Receive<Connection>(c => StartSession(c.Value));
        Receive<Failed>(f => Retry(f.Cause));
        Receive<SessionEnded>(_ => { });
        Common();
    }

    private void Completing()
    {
        Receive<ChunkSealed>(s => _ledger.Add(s.Chunk));
        Receive<CompletionAnswer>(answer =>
        {
            if (answer.Round != _completionRound)
            {
                return;
            }

            switch (answer.Answer)
            {
                case TransferCompleted completed:
                    Stored(completed);
                    break;
                case TransferFailed failed when ++_completionAttempts < MaxCompletionAttempts:
                    _log.Warning("Transfer {0}: the receiver could not complete it ({1}); resuming", _target.TransferId, failed.Reason);
                    Retry(new TransferException(failed.Reason));
                    break;
                case TransferFailed failed:
                    Broken(new PermanentTransferException($"the receiver could not verify the archive {_completionAttempts} times, last because: {failed.Reason}"));
                    break;
                case Status.Failure f:
                    _log.Warning("Transfer {0}: no verification answer ({1}); resuming to ask again", _target.TransferId, f.Cause.Message);
                    Retry(f.Cause);
                    break;
            }
        });
        Receive<ProbeVerification>(_ => AskReceiver<object>(new ResumeTransfer(_target.TransferId), _settings.Retry.ResumeTimeout)
            .PipeTo(Self, success: a => new VerificationProbed(a, _completionRound), failure: _ => new VerificationProbed(null, _completionRound)));
        Receive<VerificationProbed>(probed =>
        {
            if (probed.Round != _completionRound)
            {
                return;
            }

            switch (probed.Answer)
            {
                case TransferCompleted completed:
                    Stored(completed);
                    break;
                case TransferResumed resumed when ForThisTransfer(resumed.TransferId):
                case TransferUnknown unknown when ForThisTransfer(unknown.TransferId):
                    // The receiver no longer verifies what this sender asked it to: it restarted meanwhile.
                    _completionAttempts++;
                    Retry(new TransferException("the receiver restarted while it verified the archive"));
                    break;
            }
        });
        Receive<SessionEnded>(_ => { });
        Common();
    }

    private void Common()
    {
        Receive<ArchiveSealed>(s => _ledger.Seal(s.Result.ChunkCount));
        Receive<FinishTransfer>(finish =>
        {
            _finish = finish;
            if (_allAcknowledgedReported && _uploader is null && _connection is null)
            {
                RequestCompletion();
            }
        });
        Receive<Acknowledged>(_ =>
        {
            _lastProgress = DateTimeOffset.UtcNow;
            _sessionMovedAt = _lastProgress;
            _failingSince = null;
            _attempt = 0;
            _stallReported = false;
            _parent.Tell(new BytesAcknowledged(_ledger.BytesAcknowledged));
        });
        Receive<StallCheck>(_ => CheckStall());
        Receive<RetryNow>(_ => { });
        Receive<Terminated>(_ => { });
    }

    private void StartSession(DataPlaneConnection connection)
    {
        _connection = connection;
        _session = new CancellationTokenSource();
        _sessionMovedAt = DateTimeOffset.UtcNow;
        _sessionStall = null;
        var self = Self;
        var log = _log;
        _uploader = new ChunkUploader(
            connection, _archivePath, _settings.Window, _settings.MaxChunkAttempts, _settings.TestHooks, _ledger,
            _ => self.Tell(Acknowledged.Instance),
            warning => log.Warning(warning));
        foreach (var chunk in _ledger.Pending())
        {
            _uploader.Enqueue(chunk);
        }

        _uploader.RunAsync(_session.Token).ContinueWith(t => new SessionEnded(t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException() ?? new OperationCanceledException()))
            .PipeTo(self);
        Become(Connected);
    }

    private void OnSessionEnded(SessionEnded ended)
    {
        CloseConnection();
        if (ended.Error is null)
        {
            if (!_allAcknowledgedReported)
            {
                _allAcknowledgedReported = true;
                _parent.Tell(AllChunksAcknowledged.Instance);
            }

            if (_finish is not null)
            {
                RequestCompletion();
            }
            else
            {
                Become(Completing);
            }

            return;
        }

        if (_sessionStall is { } stall)
        {
            Retry(new TransferException(stall));
            return;
        }

        if (ended.Error is PermanentTransferException)
        {
            Broken(ended.Error);
            return;
        }

        Retry(ended.Error);
    }

    private void RequestCompletion()
    {
        var f = _finish!;
        var round = ++_completionRound;
        AskReceiver<object>(new CompleteTransfer(_target.TransferId, f.Length, f.ChunkCount, f.Sha256, f.Description), _settings.Target.VerifyTimeout)
            .PipeTo(Self, success: a => new CompletionAnswer(a, round), failure: e => new CompletionAnswer(new Status.Failure(e), round));

        // The receiver hashes the whole file before it answers; if it restarts meanwhile, resume instead of waiting out verify-timeout.
        Timers.StartPeriodicTimer("verify-probe", ProbeVerification.Instance, VerifyProbeInterval);
        Become(Completing);
    }

    private void Retry(Exception error)
    {
        Timers.Cancel("verify-probe");
        CloseConnection();
        _lastError = error.Message;
        _failingSince ??= DateTimeOffset.UtcNow;
        var failingFor = DateTimeOffset.UtcNow - _failingSince.Value;
        if (failingFor > _settings.Retry.Deadline)
        {
            Broken(new TransferException($"no progress for {failingFor.TotalMinutes:0.#} min (retry.deadline {_settings.Retry.Deadline}); last error: {error.Message}", error));
            return;
        }

        var delay = Backoff.Delay(_settings.Retry, _attempt++);
        _log.Warning("Transfer {0}: {1}; retrying in {2:0.0} s (attempt {3}, failing for {4:0} s)", _target.TransferId, error.Message, delay.TotalSeconds, _attempt, failingFor.TotalSeconds);
        Timers.StartSingleTimer("retry", RetryNow.Instance, delay);
        Become(Disconnected);
    }

    /// <summary>
    /// A short timeout on purpose: until the ClusterClient notices a receiver restart, what it sends is
    /// dropped. A receiver still re-verifying answers a later ask; chunks it verified are not re-read.
    /// </summary>
    private void AskToResume()
    {
        AskReceiver<object>(new ResumeTransfer(_target.TransferId), _settings.Retry.ResumeTimeout)
            .PipeTo(Self, success: a => a, failure: e => new Failed(new TransferException($"resume of {_target.TransferId} not answered: {e.Message}", e)));
    }

    private void Connect()
    {
        DataPlaneConnection.OpenAsync(_settings.Target.Host, _target.DataPort, _target.TransferId, _node.Tls, _receiver.DataPlaneValidator, _settings.Target.RequestTimeout, CancellationToken.None)
            .PipeTo(Self, success: c => new Connection(c), failure: e => new Failed(e));
    }

    private Task<T> AskReceiver<T>(IProtocolMessage message, TimeSpan timeout) => _receiver.AskAsync<T>(message, timeout);

    private void CheckStall()
    {
        WatchSession();
        var stalledFor = DateTimeOffset.UtcNow - _lastProgress;
        if (!_stallReported && _ledger.IsSealed && !_allAcknowledgedReported && stalledFor > _settings.StallRestartAfter)
        {
            _stallReported = true;
            _parent.Tell(new TransferStalled(stalledFor, _lastError));
        }
    }

    /// <summary>
    /// The transfer watchdog: a connection over which no chunk is acknowledged for transfer-stall-timeout while
    /// chunks wait (a receiver that hangs, a network that drops packets without a reset) is closed, and the
    /// transfer is retried like after any error, until retry.deadline.
    /// </summary>
    private void WatchSession()
    {
        var still = DateTimeOffset.UtcNow - _sessionMovedAt;
        if (_uploader is null || _sessionStall is not null || still <= _settings.TransferStallTimeout || !_ledger.HasPending)
        {
            return;
        }

        _sessionStall = $"no chunk acknowledged for {still.TotalSeconds:0} s (transfer-stall-timeout = {_settings.TransferStallTimeout.TotalSeconds:0.###} s): the receiver or the network hangs";
        _log.Warning("Transfer {0}: {1}; closing the connection", _target.TransferId, _sessionStall);
        _session.Cancel();
    }

    /// <summary>An answer about another transfer: never taken for this one's (answers are routed by Akka address only).</summary>
    private bool ForThisTransfer(string transferId) => transferId == _target.TransferId;

    private void NotOurs(string transferId)
    {
        _log.Warning("Transfer {0}: ignored the receiver's answer about transfer {1}; asking again", _target.TransferId, transferId);
        Retry(new TransferException($"the receiver answered about transfer {transferId}, not {_target.TransferId}"));
    }

    /// <summary>Stored only when the receiver names this transfer and the archive's own size and SHA-256.</summary>
    private void Stored(TransferCompleted completed)
    {
        if (!ForThisTransfer(completed.TransferId) || _finish is not { } f || completed.Length != f.Length
            || !string.Equals(completed.Sha256, f.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            _log.Warning("Transfer {0}: the receiver reported {1} stored ({2:N0} bytes, SHA-256 {3}), which is not this archive; asking again",
                _target.TransferId, completed.TransferId, completed.Length, completed.Sha256);
            Retry(new TransferException($"the receiver's report of a stored archive does not match {_archivePath}"));
            return;
        }

        Timers.CancelAll();
        _parent.Tell(new TransferStored(completed));
        Become(Done);
    }

    private void Broken(Exception error)
    {
        Timers.CancelAll();
        CloseConnection();
        _parent.Tell(new TransferBroken(error.Message, error));
        Become(Done);
    }

    private void Done() => ReceiveAny(_ => { });

    private void CloseConnection()
    {
        _session.Cancel();
        _uploader = null;
        if (_connection is { } c)
        {
            _connection = null;
            _ = c.DisposeAsync().AsTask();
        }
    }

    private sealed record SessionEnded(Exception? Error);

    private sealed record Connection(DataPlaneConnection Value);

    private sealed record Failed(Exception Cause);

    private sealed record Reopened(object Answer, string Why);

    private sealed record CompletionAnswer(object Answer, int Round);

    private sealed record VerificationProbed(object? Answer, int Round);

    private sealed class ProbeVerification
    {
        public static readonly ProbeVerification Instance = new();

        private ProbeVerification()
        {
        }
    }

    private sealed class Acknowledged
    {
        public static readonly Acknowledged Instance = new();

        private Acknowledged()
        {
        }
    }

    private sealed class RetryNow
    {
        public static readonly RetryNow Instance = new();

        private RetryNow()
        {
        }
    }

    private sealed class StallCheck
    {
        public static readonly StallCheck Instance = new();

        private StallCheck()
        {
        }
    }
}
