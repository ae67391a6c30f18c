using Akka.Actor;
using AkkaBackup.Core.Telemetry;
using Akka.Event;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;
using AkkaBackup.Receiver.Storage;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// <c>/user/receiver</c>, the one actor clients reach: answers pre-flight checks, opens and resumes transfers
/// (one persistent <see cref="Assembler"/> each), routes completions and aborts to the transfer's assembler,
/// and tells data-plane sessions which transfer they may write to. Requests arrive as <see cref="FromPeer"/>:
/// the client is the CN the transport read from the connection's certificate, and the gateway acts only on
/// transfers that CN opened. At start it recovers every partial transfer found in the partial directory.
/// New transfers are admitted through the <see cref="AdmissionQueue"/>: over a cap the client is told to
/// wait. A resumed transfer takes its slot at once, even over the cap: its client may have stopped its database
/// server already; so does a re-opened one the receiver forgot, once per forgotten id issued to the same client
/// and within the client's own cap.
/// </summary>
public sealed class ReceiverGateway : ReceiveActor, IWithTimers
{
    public const string Name = "receiver";

    // Rates in the status are averaged over this long.
    private static readonly TimeSpan MeterSampleInterval = TimeSpan.FromSeconds(2);

    private readonly ReceiverSettings _settings;
    private readonly IActorRef _storage;
    private readonly string _version;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, AssemblerReady> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _assemblers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(FromPeer Request, IActorRef Requester)>> _waitingForRecovery = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TransferMeter> _meters = new(StringComparer.Ordinal);
    private readonly AdmissionQueue _admission;

    public ReceiverGateway(ReceiverSettings settings, IActorRef storage, string version)
    {
        _settings = settings;
        _storage = storage;
        _version = version;
        _admission = new AdmissionQueue(settings.Limits);

        Receive<FromPeer>(Request);
        Receive<LookupTransfer>(lookup => !NodeLocal.Refuses(Sender, lookup, _log), Lookup);
        Receive<AssemblerReady>(Ready);
        Receive<AssemblerClosing>(Closing);
        Receive<DataConnectionClosed>(c => !NodeLocal.Refuses(Sender, c, _log), c => _admission.ConnectionClosed(c.TransferId, DateTimeOffset.UtcNow));

        // Every transfer id in the answer is a resume token: only this node's own console and log may list them.
        Receive<GetReceiverStatus>(status => !NodeLocal.Refuses(Sender, status, _log), _ => Sender.Tell(Status()));
        Receive<ExpireLeases>(_ => ExpireAdmissionLeases());
        Receive<LogStatus>(_ => LogActiveTransfers());
        Receive<SampleMeters>(_ =>
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var meter in _meters.Values)
            {
                meter.Sample(now);
            }
        });
        Receive<Terminated>(t => Remove(t.ActorRef));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ReceiverSettings settings, IActorRef storage, string version) =>
        Akka.Actor.Props.Create(() => new ReceiverGateway(settings, storage, version));

    protected override void PreStart()
    {
        var lease = _settings.Limits.AdmissionLease;
        Timers.StartPeriodicTimer("leases", ExpireLeases.Instance, lease / 3);
        Timers.StartPeriodicTimer("meters", SampleMeters.Instance, MeterSampleInterval);
        if (_settings.Limits.StatusInterval > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer("status", LogStatus.Instance, _settings.Limits.StatusInterval);
        }

        Directory.CreateDirectory(_settings.PartialDirectory);
        CompletedTransfers.Prune(_settings.IssuedDirectory, 2 * _settings.PartialExpiry);
        var pruned = CompletedTransfers.Prune(_settings.CompletedDirectory, _settings.PartialExpiry);
        if (pruned > 0)
        {
            _log.Info("Pruned {0} completion records older than {1}", pruned, _settings.PartialExpiry);
        }

        foreach (var part in Directory.EnumerateFiles(_settings.PartialDirectory, "*.part"))
        {
            var id = Path.GetFileNameWithoutExtension(part);
            if (!TransferIds.IsValid(id))
            {
                _log.Warning("Ignoring {0}: not a transfer id", part);
                continue;
            }

            Spawn(id, open: null, ActorRefs.Nobody);
        }

        if (_assemblers.Count > 0)
        {
            _log.Info("Recovering {0} partial transfer(s) from {1}", _assemblers.Count, _settings.PartialDirectory);
        }
    }

    private void Request(FromPeer request)
    {
        var client = request.PeerName;
        switch (request.Message)
        {
            case CheckReceiver check:
                Check(client, check);
                break;
            case OpenTransfer open:
                Open(client, open);
                break;
            case ResumeTransfer resume:
                Route(client, resume.TransferId, request, resume);
                break;
            case CompleteTransfer complete:
                Route(client, complete.TransferId, request, complete);
                break;
            case AbortTransfer abort:
                Route(client, abort.TransferId, request, abort);
                break;
            default:
                _log.Warning("Refused a {0} from {1}: not a request a client sends", request.Message.GetType().Name, client);
                Catalog(client, null, $"a {request.Message.GetType().Name} is not a request a client sends");
                break;
        }
    }

    private void Check(string client, CheckReceiver check)
    {
        var free = StoreSpace.FreeBytes(_settings.StoreDirectory);
        var refusal = Refusal(client, check.RequiredBytes, free);
        _log.Info("Pre-flight check from {0}: needs {1:N0} bytes, {2:N0} free: {3}", client, check.RequiredBytes, free, refusal ?? "accepted");
        if (refusal is not null)
        {
            Catalog(client, null, "pre-flight check refused: " + refusal);
        }

        Sender.Tell(new ReceiverChecked(refusal is null, free, refusal ?? "", _version));
    }

    private void Open(string client, OpenTransfer open)
    {
        var free = StoreSpace.FreeBytes(_settings.StoreDirectory);
        var refusal = Refusal(client, open.SpaceNeeded, free)
            ?? (open.ChunkSize < 64 * 1024 || open.ChunkSize > _settings.MaxChunkSize
                ? $"chunk size {open.ChunkSize} is outside 64 KiB..{_settings.MaxChunkSize} bytes"
                : null)
            ?? ChunkCountProblem(open)
            ?? (string.IsNullOrWhiteSpace(open.Ticket) || open.Ticket.Length > 128 ? "the request carries no admission ticket (or one longer than 128 characters)" : null)
            ?? (open.ReopenOf.Length > 0 && !TransferIds.IsValid(open.ReopenOf) ? "the transfer to reopen is not a transfer id" : null)
            ?? TargetPlacement.Problem(open.Target);
        if (refusal is not null)
        {
            _log.Warning("Refused transfer for {0}: {1}", client, refusal);
            Catalog(client, open.Instance, refusal);
            Sender.Tell(new TransferRefused(refusal));
            return;
        }

        var now = DateTimeOffset.UtcNow;
        // A reopening skips the queue (the client's server may be down), but not the client's own cap, and each
        // forgotten transfer buys one: otherwise reopening would hand one client every slot.
        var reopen = open.ReopenOf.Length > 0 && !_assemblers.ContainsKey(open.ReopenOf)
            && _admission.ActiveFor(client) < _settings.Limits.MaxTransfersPerClient
            && IssuedTransfers.Consume(_settings.IssuedDirectory, open.ReopenOf, client);
        var admission = reopen ? AdmissionDecision.Admitted : _admission.Request(open.Ticket, client, now);
        if (admission.Refusal is { } tooMany)
        {
            _log.Warning("Refused transfer for {0}: {1}", client, tooMany);
            Catalog(client, open.Instance, tooMany);
            Sender.Tell(new TransferRefused(tooMany));
            return;
        }

        if (!admission.IsAdmitted)
        {
            _log.Debug("Client {0} ({1}) waits for a transfer slot at position {2}: {3}", client, open.Ticket, admission.Position, admission.Reason);
            BackupMetrics.AdmissionWait(client);
            Sender.Tell(new WaitForAdmission(open.Ticket, admission.Position, _admission.ActiveTransfers, admission.Reason));
            return;
        }

        var id = TransferIds.New(DateTimeOffset.UtcNow);
        var partPath = Path.Combine(_settings.PartialDirectory, id + ".part");
        try
        {
            using (new FileStream(partPath, FileMode.CreateNew, FileAccess.Write))
            {
            }

            IssuedTransfers.Record(_settings.IssuedDirectory, id, client);
        }
        catch (IOException e)
        {
            _log.Error(e, "Cannot create {0}", partPath);
            Sender.Tell(new TransferRefused($"receiver cannot create its partial file: {e.Message}"));
            return;
        }

        // The assembler answers TransferOpened once its first event is durable: the id is a resume token from then on.
        Spawn(id, new NewTransfer(client, open), Sender);
        _admission.Hold(id, client, now);
        _log.Info($"Opening transfer {id} for {client} ({open.Server}/{open.Instance}){(reopen ? $" again (it was {open.ReopenOf}), not queued" : "")}, up to {open.RequiredBytes:N0} bytes in chunks of {open.ChunkSize:N0}; " +
            $"{_admission.ActiveTransfers} of {_settings.Limits.MaxConcurrentTransfers} transfer slots taken");
    }

    /// <summary>The resume bitmap and the journal snapshot carry at most <see cref="TransferLimits.MaxChunks"/> chunks.</summary>
    private static string? ChunkCountProblem(OpenTransfer open)
    {
        var chunks = open.ChunkSize <= 0 ? 0 : (open.RequiredBytes + open.ChunkSize - 1) / open.ChunkSize;
        return chunks > TransferLimits.MaxChunks
            ? $"{open.RequiredBytes:N0} bytes in chunks of {open.ChunkSize:N0} are {chunks:N0} chunks, more than one transfer can carry ({TransferLimits.MaxChunks:N0}); use a larger chunk-size"
            : null;
    }

    /// <summary>Resume, completion and abort go to the transfer's assembler when the requesting client owns it.</summary>
    private void Route(string client, string transferId, FromPeer request, IProtocolMessage message)
    {
        if (!TransferIds.IsValid(transferId))
        {
            Sender.Tell(new TransferUnknown(transferId, "malformed transfer id"));
            return;
        }

        if (_ready.TryGetValue(transferId, out var ready))
        {
            if (ready.ClientId == client)
            {
                if (message is ResumeTransfer)
                {
                    _admission.Hold(transferId, client, DateTimeOffset.UtcNow);
                }

                _assemblers[transferId].Forward(new ClientRequest(client, message));
                return;
            }

            _log.Warning("Refused {0} from client {1} for transfer {2}, which belongs to client {3}", message.GetType().Name, client, transferId, ready.ClientId);
            // No transfer id from the peer in the row: identical refusals merge, so a client cannot grow the catalog by varying it.
            Catalog(client, null, $"{message.GetType().Name} for a transfer that belongs to another client");
        }
        else if (_assemblers.ContainsKey(transferId))
        {
            // Still recovering its journal (answered once it is ready), or closing (answered once it has stopped).
            if (!_waitingForRecovery.TryGetValue(transferId, out var waiting))
            {
                _waitingForRecovery[transferId] = waiting = [];
            }

            waiting.Add((request, Sender));
            return;
        }
        else if (message is ResumeTransfer && CompletedTransfers.Find(_settings.CompletedDirectory, transferId, client) is { } completed)
        {
            _log.Info("Client {0} resumed transfer {1}, which is already stored as {2}", client, transferId, completed.StoredPath);
            Sender.Tell(completed);
            return;
        }

        // The same answer for "unknown" and "someone else's": a client learns nothing by guessing ids.
        Sender.Tell(new TransferUnknown(transferId,
            $"receiver {_settings.NodeName} holds no partial transfer {transferId} for {client} (expired, aborted, or opened on another receiver)"));
    }

    private void Lookup(LookupTransfer lookup)
    {
        if (!TransferIds.IsValid(lookup.TransferId))
        {
            Sender.Tell(new TransferNotFound("malformed transfer id"));
            return;
        }

        if (!_ready.TryGetValue(lookup.TransferId, out var info) || info.ClientId != lookup.PeerName)
        {
            var why = info is null ? "no such open transfer" : $"it belongs to client {info.ClientId}";
            _log.Warning("Refused data-plane peer {0} for transfer {1}: {2}", lookup.PeerName, lookup.TransferId, why);
            Catalog(lookup.PeerName, null, $"data-plane connection for a transfer that is not its own: {(info is null ? "no such open transfer" : "it belongs to another client")}");
            Sender.Tell(new TransferNotFound($"no open transfer {lookup.TransferId} for {lookup.PeerName}"));
            return;
        }

        // A client that connects is there: its transfer holds a slot while the connection lasts.
        var now = DateTimeOffset.UtcNow;
        _admission.Hold(lookup.TransferId, info.ClientId, now);
        _admission.ConnectionOpened(lookup.TransferId, now);
        Sender.Tell(new TransferFound(_assemblers[lookup.TransferId], info.ClientId, info.PartPath, info.ChunkSize, info.MaxLength, Meter(lookup.TransferId), info.Instance, info.Closed));
    }

    private void Closing(AssemblerClosing closing)
    {
        if (_assemblers.TryGetValue(closing.TransferId, out var assembler) && assembler.Equals(Sender))
        {
            // Still in _assemblers: requests for it wait (below, in Route) until it has stopped, then get the answer for a gone transfer.
            _ready.Remove(closing.TransferId);
        }
    }

    private void Ready(AssemblerReady ready)
    {
        if (!_assemblers.TryGetValue(ready.TransferId, out var assembler) || !assembler.Equals(Sender))
        {
            _log.Warning("Ignored AssemblerReady for {0} from {1}: only that transfer's own assembler announces it", ready.TransferId, Sender.Path);
            return;
        }

        _ready[ready.TransferId] = ready;
        if (_waitingForRecovery.Remove(ready.TransferId, out var waiting))
        {
            foreach (var (request, requester) in waiting)
            {
                Self.Tell(request, requester);
            }
        }
    }

    private void Spawn(string id, NewTransfer? open, IActorRef opener)
    {
        var assembler = Context.ActorOf(Assembler.Props(id, open, opener, _settings, _storage), "transfer-" + id);
        Context.Watch(assembler);
        _assemblers[id] = assembler;
    }

    private string? Refusal(string clientId, long requiredBytes, long freeBytes)
    {
        if (!_settings.AllowedClients.Contains(clientId))
        {
            return $"client '{clientId}' is not in allowed-clients of receiver {_settings.NodeName}";
        }

        if (requiredBytes < 0)
        {
            return $"required bytes {requiredBytes} is negative";
        }

        return freeBytes - _settings.ReserveBytes < requiredBytes
            ? $"not enough space in {_settings.StoreDirectory}: {requiredBytes:N0} bytes needed, {freeBytes:N0} free, {_settings.ReserveBytes:N0} reserved"
            : null;
    }

    /// <summary>A refusal for the fleet catalog, under the CN the transport read.</summary>
    private void Catalog(string client, string? instance, string reason) =>
        Context.System.EventStream.Publish(CatalogEntries.Refused(client, instance, reason, DateTimeOffset.UtcNow));

    private void Remove(IActorRef assembler)
    {
        var id = _assemblers.FirstOrDefault(t => t.Value.Equals(assembler)).Key;
        if (id is null)
        {
            return;
        }

        _assemblers.Remove(id);
        _ready.Remove(id);
        _meters.Remove(id);
        if (_admission.Holds(id))
        {
            _admission.Release(id);
            _log.Info("Transfer {0} ended; {1} of {2} transfer slots taken", id, _admission.ActiveTransfers, _settings.Limits.MaxConcurrentTransfers);
        }

        if (_waitingForRecovery.Remove(id, out var waiting))
        {
            foreach (var (request, requester) in waiting)
            {
                Self.Tell(request, requester);
            }
        }
    }
    private TransferMeter Meter(string transferId)
    {
        if (!_meters.TryGetValue(transferId, out var meter))
        {
            _meters[transferId] = meter = new TransferMeter();
        }

        return meter;
    }

    private void ExpireAdmissionLeases()
    {
        var expired = _admission.Expire(DateTimeOffset.UtcNow);
        foreach (var (client, ticket) in expired.Waiters)
        {
            _log.Info("Client {0} stopped asking for a transfer slot ({1}); it lost its place in the queue", client, ticket);
        }

        foreach (var (client, transferId) in expired.Slots)
        {
            _log.Warning("Transfer {0} of {1}: no data-plane connection for {2}; its slot is given back (the transfer stays resumable)",
                transferId, client, _settings.Limits.AdmissionLease);
        }
    }

    private ReceiverStatus Status()
    {
        var transfers = _admission.HeldTransfers.Where(_ready.ContainsKey).Order(StringComparer.Ordinal).Select(id =>
        {
            var ready = _ready[id];
            var meter = Meter(id);
            return new ActiveTransfer(id, ready.ClientId, ready.Server, ready.Instance, meter.Bytes, meter.Chunks, ready.MaxLength, meter.BytesPerSecond);
        }).ToList();
        var waiting = _admission.Waiting.Select((w, i) => new WaitingClient(w.ClientId, w.Ticket, i + 1)).ToList();
        return new ReceiverStatus(transfers, waiting);
    }

    private void LogActiveTransfers()
    {
        var status = Status();
        if (status.Transfers.Count == 0 && status.Waiting.Count == 0)
        {
            return;
        }

        _log.Info("Status: {0} of {1} transfer slots taken, {2} client(s) waiting{3}", status.Transfers.Count, _settings.Limits.MaxConcurrentTransfers, status.Waiting.Count,
            status.Waiting.Count == 0 ? "" : ": " + string.Join(", ", status.Waiting.Select(w => $"{w.Position}. {w.ClientId}")));
        foreach (var t in status.Transfers)
        {
            _log.Info($"Status: transfer {t.TransferId} of {t.ClientId} ({t.Server}/{t.Instance}): {t.ChunksReceived} chunks, " +
                $"{t.BytesReceived / 1048576.0:N1} of at most {t.AnnouncedBytes / 1048576.0:N1} MiB received, {t.BytesPerSecond / 1e6:N1} MB/s");
        }
    }

    private sealed class ExpireLeases
    {
        public static readonly ExpireLeases Instance = new();

        private ExpireLeases()
        {
        }
    }

    private sealed class SampleMeters
    {
        public static readonly SampleMeters Instance = new();

        private SampleMeters()
        {
        }
    }

    private sealed class LogStatus
    {
        public static readonly LogStatus Instance = new();

        private LogStatus()
        {
        }
    }
}
