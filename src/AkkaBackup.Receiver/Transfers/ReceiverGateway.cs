using Akka.Actor;
using Akka.Event;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;
using AkkaBackup.Receiver.Storage;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// <c>/user/receiver</c>, registered with the ClusterClient receptionist: answers pre-flight checks, opens
/// and resumes transfers (one persistent <see cref="Assembler"/> each) and tells data-plane sessions which
/// transfer they may write to. At start it recovers every partial transfer found in the partial directory.
/// New transfers are admitted through the <see cref="AdmissionQueue"/>: over a cap the client is told to
/// wait. A resumed transfer (or a re-opened one the receiver forgot) takes its slot at once, even over
/// the cap: its client may have stopped its database server already, and it was admitted once.
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
    private readonly Dictionary<string, List<(ResumeTransfer Request, IActorRef Requester)>> _waitingForRecovery = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TransferMeter> _meters = new(StringComparer.Ordinal);
    private readonly AdmissionQueue _admission;

    public ReceiverGateway(ReceiverSettings settings, IActorRef storage, string version)
    {
        _settings = settings;
        _storage = storage;
        _version = version;
        _admission = new AdmissionQueue(settings.Limits);

        Receive<CheckReceiver>(Check);
        Receive<OpenTransfer>(Open);
        Receive<ResumeTransfer>(Resume);
        Receive<LookupTransfer>(Lookup);
        Receive<AssemblerReady>(Ready);
        Receive<DataConnectionClosed>(c => _admission.ConnectionClosed(c.TransferId, DateTimeOffset.UtcNow));
        Receive<GetReceiverStatus>(_ =>
        {
            // Every transfer id in the answer is a resume token: only this node's own console and log may
            // list them, never a client (which reaches this actor through the receptionist).
            if (Sender.Path.Address.HasGlobalScope)
            {
                _log.Warning("Refused a status request from {0}: the receiver's status is for its own console", Sender.Path.Address);
                return;
            }

            Sender.Tell(Status());
        });
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

    private void Check(CheckReceiver check)
    {
        var free = StoreSpace.FreeBytes(_settings.StoreDirectory);
        var refusal = Refusal(check.ClientId, check.RequiredBytes, free);
        _log.Info("Pre-flight check from {0}: needs {1:N0} bytes, {2:N0} free: {3}", check.ClientId, check.RequiredBytes, free, refusal ?? "accepted");
        Sender.Tell(new ReceiverChecked(refusal is null, free, refusal ?? "", _version));
    }

    private void Open(OpenTransfer open)
    {
        var free = StoreSpace.FreeBytes(_settings.StoreDirectory);
        var refusal = Refusal(open.ClientId, open.RequiredBytes, free)
            ?? (open.ChunkSize < 64 * 1024 || open.ChunkSize > _settings.MaxChunkSize
                ? $"chunk size {open.ChunkSize} is outside 64 KiB..{_settings.MaxChunkSize} bytes"
                : null)
            ?? (string.IsNullOrWhiteSpace(open.Ticket) ? "the request carries no admission ticket" : null)
            ?? TargetPlacement.Problem(open.Target);
        if (refusal is not null)
        {
            _log.Warning("Refused transfer for {0}: {1}", open.ClientId, refusal);
            Sender.Tell(new TransferRefused(refusal));
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var admission = open.Reopen ? AdmissionDecision.Admitted : _admission.Request(open.Ticket, open.ClientId, now);
        if (!admission.IsAdmitted)
        {
            _log.Debug("Client {0} ({1}) waits for a transfer slot at position {2}: {3}", open.ClientId, open.Ticket, admission.Position, admission.Reason);
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
        }
        catch (IOException e)
        {
            _log.Error(e, "Cannot create {0}", partPath);
            Sender.Tell(new TransferRefused($"receiver cannot create its partial file: {e.Message}"));
            return;
        }

        // The assembler answers TransferOpened once its first event is durable: the id is a resume token from then on.
        Spawn(id, open, Sender);
        _admission.Hold(id, open.ClientId, now);
        _log.Info($"Opening transfer {id} for {open.ClientId} ({open.Server}/{open.Instance}){(open.Reopen ? " again, not queued" : "")}, up to {open.RequiredBytes:N0} bytes in chunks of {open.ChunkSize:N0}; " +
            $"{_admission.ActiveTransfers} of {_settings.Limits.MaxConcurrentTransfers} transfer slots taken");
    }

    private void Resume(ResumeTransfer resume)
    {
        if (!TransferIds.IsValid(resume.TransferId))
        {
            Sender.Tell(new TransferUnknown(resume.TransferId, "malformed transfer id"));
            return;
        }

        if (_ready.TryGetValue(resume.TransferId, out var ready))
        {
            if (ready.ClientId == resume.ClientId)
            {
                _admission.Hold(resume.TransferId, resume.ClientId, DateTimeOffset.UtcNow);
                _assemblers[resume.TransferId].Forward(resume);
                return;
            }

            _log.Warning("Refused ResumeTransfer from client {0} for transfer {1}, which belongs to client {2}", resume.ClientId, resume.TransferId, ready.ClientId);
        }
        else if (_assemblers.ContainsKey(resume.TransferId))
        {
            // Still recovering its journal: answer once it is ready.
            if (!_waitingForRecovery.TryGetValue(resume.TransferId, out var waiting))
            {
                _waitingForRecovery[resume.TransferId] = waiting = [];
            }

            waiting.Add((resume, Sender));
            return;
        }
        else if (CompletedTransfers.Find(_settings.CompletedDirectory, resume.TransferId, resume.ClientId) is { } completed)
        {
            _log.Info("Client {0} resumed transfer {1}, which is already stored as {2}", resume.ClientId, resume.TransferId, completed.StoredPath);
            Sender.Tell(completed);
            return;
        }

        // The same answer for "unknown" and "someone else's": a client learns nothing by guessing ids.
        Sender.Tell(new TransferUnknown(resume.TransferId,
            $"receiver {_settings.NodeName} holds no partial transfer {resume.TransferId} for {resume.ClientId} (expired, aborted, or opened on another receiver)"));
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
            _log.Warning("Refused data-plane peer {0} for transfer {1}: {2}", lookup.PeerName, lookup.TransferId,
                info is null ? "no such open transfer" : $"it belongs to client {info.ClientId}");
            Sender.Tell(new TransferNotFound($"no open transfer {lookup.TransferId} for {lookup.PeerName}"));
            return;
        }

        // A client that connects is there: its transfer holds a slot while the connection lasts.
        var now = DateTimeOffset.UtcNow;
        _admission.Hold(lookup.TransferId, info.ClientId, now);
        _admission.ConnectionOpened(lookup.TransferId, now);
        Sender.Tell(new TransferFound(_assemblers[lookup.TransferId], info.ClientId, info.PartPath, info.ChunkSize, info.MaxLength, Meter(lookup.TransferId), info.Instance));
    }

    private void Ready(AssemblerReady ready)
    {
        _ready[ready.TransferId] = ready;
        if (_waitingForRecovery.Remove(ready.TransferId, out var waiting))
        {
            foreach (var (request, requester) in waiting)
            {
                Self.Tell(request, requester);
            }
        }
    }

    private void Spawn(string id, OpenTransfer? open, IActorRef opener)
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
