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
/// transfers (one <see cref="Assembler"/> each) and tells data-plane sessions which transfer they may write to.
/// </summary>
public sealed class ReceiverGateway : ReceiveActor
{
    public const string Name = "receiver";

    private readonly ReceiverSettings _settings;
    private readonly IActorRef _storage;
    private readonly string _version;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, OpenTransferInfo> _transfers = new(StringComparer.Ordinal);

    public ReceiverGateway(ReceiverSettings settings, IActorRef storage, string version)
    {
        _settings = settings;
        _storage = storage;
        _version = version;

        Receive<CheckReceiver>(Check);
        Receive<OpenTransfer>(Open);
        Receive<LookupTransfer>(Lookup);
        Receive<Terminated>(t => RemoveTransfer(t.ActorRef));
    }

    public static Props Props(ReceiverSettings settings, IActorRef storage, string version) =>
        Akka.Actor.Props.Create(() => new ReceiverGateway(settings, storage, version));

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
            Directory.CreateDirectory(_settings.PartialDirectory);
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

        var assembler = Context.ActorOf(Assembler.Props(id, open, partPath, _storage), "transfer-" + id);
        Context.Watch(assembler);
        _transfers[id] = new OpenTransferInfo(assembler, open.ClientId, partPath, open.ChunkSize, open.RequiredBytes);
        _log.Info("Opened transfer {0} for {1} ({2}/{3}), up to {4:N0} bytes in chunks of {5:N0}", id, open.ClientId, open.Server, open.Instance, open.RequiredBytes, open.ChunkSize);
        Sender.Tell(new TransferOpened(id, assembler, _settings.DataPlanePort));
    }

    private void Lookup(LookupTransfer lookup)
    {
        if (!TransferIds.IsValid(lookup.TransferId))
        {
            Sender.Tell(new TransferNotFound("malformed transfer id"));
            return;
        }

        if (!_transfers.TryGetValue(lookup.TransferId, out var info) || info.ClientId != lookup.PeerName)
        {
            // The same answer for "unknown" and "someone else's": a client learns nothing by guessing ids.
            _log.Warning("Data-plane peer {0} asked for transfer {1}, which is not one of its open transfers", lookup.PeerName, lookup.TransferId);
            Sender.Tell(new TransferNotFound($"no open transfer {lookup.TransferId} for {lookup.PeerName}"));
            return;
        }

        Sender.Tell(new TransferFound(info.Assembler, info.PartPath, info.ChunkSize, info.MaxLength));
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

    private void RemoveTransfer(IActorRef assembler)
    {
        var id = _transfers.FirstOrDefault(t => t.Value.Assembler.Equals(assembler)).Key;
        if (id is not null)
        {
            _transfers.Remove(id);
        }
    }

    private sealed record OpenTransferInfo(IActorRef Assembler, string ClientId, string PartPath, int ChunkSize, long MaxLength);
}
