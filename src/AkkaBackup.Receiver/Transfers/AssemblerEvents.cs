namespace AkkaBackup.Receiver.Transfers;

/// <summary>Marker for everything an <see cref="Assembler"/> persists; bound to <c>AssemblerEventSerializer</c>.</summary>
public interface IAssemblerEvent;

/// <summary>The journal of one transfer. A chunk is journalled only after its bytes are flushed to disk.</summary>
public static class AssemblerEvents
{
    public sealed record TransferStarted(
        string TransferId, string ClientId, string Server, string Instance, long MaxLength, int ChunkSize, DateTimeOffset At) : IAssemblerEvent;

    public sealed record ChunkPersisted(int Index, long Offset, int Length, ulong Checksum) : IAssemblerEvent;

    /// <summary>Chunks whose bytes no longer match their checksum on re-verification; they must be sent again.</summary>
    public sealed record ChunksDropped(IReadOnlyList<int> Indices) : IAssemblerEvent;

    public sealed record AssemblerSnapshot(TransferStarted Header, IReadOnlyList<ChunkPersisted> Chunks) : IAssemblerEvent;
}
