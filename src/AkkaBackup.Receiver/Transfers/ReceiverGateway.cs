using Akka.Actor;
using Akka.Event;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Storage;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// <c>/user/receiver</c>, registered with the ClusterClient receptionist: answers pre-flight checks, opens
/// and resumes transfers (one persistent <see cref="Assembler"/> each) and tells data-plane sessions which
/// transfer they may write to. At start it recovers every partial transfer found in the partial directory.
/// </summary>
public sealed class ReceiverGateway : ReceiveActor
{
    public const string Name = "receiver";

    private readonly ReceiverSettings _settings;
    private readonly IActorRef _storage;
    private readonly string _version;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, AssemblerReady> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _assemblers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(ResumeTransfer Request, IActorRef Requester)>> _waitingForRecovery = new(StringComparer.Ordinal);

    public ReceiverGateway(ReceiverSettings settings, IActorRef storage, string version)
    {
        _settings = settings;
        _storage = storage;
        _version = version;

        Receive<CheckReceiver>(Check);
        Receive<OpenTransfer>(Open);
        Receive<ResumeTransfer>(Resume);
        Receive<LookupTransfer>(Lookup);
        Receive<AssemblerReady>(Ready);
        Receive<Terminated>(t => Remove(t.ActorRef));
    }

    public static Props Props(ReceiverSettings settings, IActorRef storage, string version) =>
        Akka.Actor.Props.Create(() => new ReceiverGateway(settings, storage, version));

    protected override void PreStart()
    {
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
                : null);
        if (refusal is not null)
        {
            _log.Warning("Refused transfer for {0}: {1}", open.ClientId, refusal);
            Sender.Tell(new TransferRefused(refusal));
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
        _log.Info("Opening transfer {0} for {1} ({2}/{3}), up to {4:N0} bytes in chunks of {5:N0}", id, open.ClientId, open.Server, open.Instance, open.RequiredBytes, open.ChunkSize);
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
                _assemblers[resume.TransferId].Forward(resume);
                return;
            }

            _log.Warning("Client {0} tried to resume transfer {1}, which belongs to another client", resume.ClientId, resume.TransferId);
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
            _log.Warning("Data-plane peer {0} asked for transfer {1}, which is not one of its open transfers", lookup.PeerName, lookup.TransferId);
            Sender.Tell(new TransferNotFound($"no open transfer {lookup.TransferId} for {lookup.PeerName}"));
            return;
        }

        Sender.Tell(new TransferFound(_assemblers[lookup.TransferId], info.PartPath, info.ChunkSize, info.MaxLength, info.Instance));
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
        if (_waitingForRecovery.Remove(id, out var waiting))
        {
            foreach (var (request, requester) in waiting)
            {
                Self.Tell(request, requester);
            }
        }
    }
}
