using Akka.Actor;
using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// Messages inside the receiver node. None has a serializer (Akka's fallback refuses them), so none can arrive
/// over the wire; the actors that take them also check that they come from the local actor meant to send them.
/// </summary>
public static class TransferMessages
{
    /// <summary>What a new assembler is created with: the transfer <paramref name="Client"/> (its certificate CN) asked for.</summary>
    public sealed record NewTransfer(string Client, ReceiverProtocol.OpenTransfer Open);

    /// <summary>Gateway to assembler: a request of <paramref name="Client"/> (the CN the transport stamped) for this transfer.</summary>
    public sealed record ClientRequest(string Client, IProtocolMessage Request);

    /// <summary>A data-plane session asks which transfer it may write to; <paramref name="PeerName"/> is the CN from its TLS certificate.</summary>
    public sealed record LookupTransfer(string TransferId, string PeerName);

    /// <param name="Closed">Cancelled when the transfer stops taking chunks (verification, completion, abort): its sessions end.</param>
    public sealed record TransferFound(IActorRef Assembler, string ClientId, string PartPath, int ChunkSize, long MaxLength, TransferMeter Meter, string Instance, CancellationToken Closed);

    /// <summary>A data-plane session of this transfer ended: its slot counts from now towards the admission lease.</summary>
    public sealed record DataConnectionClosed(string TransferId);

    public sealed record TransferNotFound(string Reason);

    /// <summary>A session has a checked chunk and asks whether it may write it now (only while the transfer takes chunks).</summary>
    public sealed record GrantChunk(int Index);

    public sealed class ChunkGranted
    {
        public static readonly ChunkGranted Instance = new();

        private ChunkGranted()
        {
        }
    }

    /// <summary>The chunk's bytes are written at its offset and flushed to disk (after a <see cref="GrantChunk"/>).</summary>
    public sealed record ChunkStored(int Index, long Offset, int Length, ulong Checksum);

    /// <summary>A granted chunk was not written (the disk refused it): nothing is recorded.</summary>
    public sealed record ChunkNotWritten(int Index);

    public sealed class ChunkRecorded
    {
        public static readonly ChunkRecorded Instance = new();

        private ChunkRecorded()
        {
        }
    }

    public sealed record ChunkRejected(string Reason);

    /// <summary>Assembler to StorageManager: give this verified .part file its final name.</summary>
    public sealed record FileArchive(
        string TransferId, string ClientId, string PartPath, long Length, string Sha256, int ChunkSize, int ChunkCount, ArchiveDescription Description);

    public sealed record ArchiveFiled(string StoredName, string StoredPath);

    /// <summary>Assembler to gateway: its journal is recovered (or its first event persisted); it can take chunks until <paramref name="Closed"/>.</summary>
    public sealed record AssemblerReady(string TransferId, string ClientId, string Server, string Instance, string PartPath, int ChunkSize, long MaxLength, CancellationToken Closed);

    /// <summary>
    /// Assembler to gateway, before it answers an abort or expires: it takes no more requests. The gateway holds
    /// later ones until the assembler has stopped and then answers them itself, so none is forwarded to a stopped actor.
    /// </summary>
    public sealed record AssemblerClosing(string TransferId);

    public sealed record FilingFailed(string Reason);

    /// <summary>What the receiver is doing now; asked by the node's own console only (never over the wire).</summary>
    public sealed class GetReceiverStatus
    {
        public static readonly GetReceiverStatus Instance = new();

        private GetReceiverStatus()
        {
        }
    }

    public sealed record ReceiverStatus(IReadOnlyList<ActiveTransfer> Transfers, IReadOnlyList<WaitingClient> Waiting);

    /// <summary>
    /// One transfer holding a slot. Bytes and chunks count what this receiver process received;
    /// <paramref name="AnnouncedBytes"/> is the client's upper bound for the archive.
    /// </summary>
    public sealed record ActiveTransfer(
        string TransferId, string ClientId, string Server, string Instance, long BytesReceived, int ChunksReceived, long AnnouncedBytes, double BytesPerSecond);

    public sealed record WaitingClient(string ClientId, string Ticket, int Position);
}
