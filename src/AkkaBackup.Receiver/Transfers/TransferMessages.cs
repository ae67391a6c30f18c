using Akka.Actor;
using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>Messages inside the receiver node (never on the wire).</summary>
public static class TransferMessages
{
    /// <summary>A data-plane session asks which transfer it may write to; <paramref name="PeerName"/> is the CN from its TLS certificate.</summary>
    public sealed record LookupTransfer(string TransferId, string PeerName);

    public sealed record TransferFound(IActorRef Assembler, string ClientId, string PartPath, int ChunkSize, long MaxLength, TransferMeter Meter, string Instance);

    /// <summary>A data-plane session of this transfer ended: its slot counts from now towards the admission lease.</summary>
    public sealed record DataConnectionClosed(string TransferId);

    public sealed record TransferNotFound(string Reason);

    /// <summary>The chunk's bytes are written at its offset and flushed to disk.</summary>
    public sealed record ChunkStored(int Index, long Offset, int Length, ulong Checksum);

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

    /// <summary>Assembler to gateway: its journal is recovered (or its first event persisted); it can take chunks.</summary>
    public sealed record AssemblerReady(string TransferId, string ClientId, string Server, string Instance, string PartPath, int ChunkSize, long MaxLength);

    public sealed record FilingFailed(string Reason);
}
