using System.Runtime.Serialization;
using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;

namespace AkkaBackup.Receiver.Persistence;

/// <summary>
/// Reads the positional binary format of release 0.1.0 (format byte 1), so that partial transfers an older
/// receiver journalled are resumed after an upgrade. Nothing writes it any more.
/// </summary>
internal static class AssemblerJournalFormat1
{
    public const byte Version = 1;

    public static object Read(byte[] bytes, string manifest)
    {
        using var r = new WireReader(bytes);
        r.Byte();
        object e = manifest switch
        {
            "ts" => ReadHeader(r),
            "cp" => ReadChunk(r),
            "cd" => new ChunksDropped(Enumerable.Range(0, r.Count(AssemblerEventSerializer.MaxChunks, elementBytes: 4)).Select(_ => r.Int32()).ToList()),
            "snap" => new AssemblerSnapshot(ReadHeader(r), Enumerable.Range(0, r.Count(AssemblerEventSerializer.MaxChunks, elementBytes: 24)).Select(_ => ReadChunk(r)).ToList()),
            _ => throw new SerializationException($"Unknown assembler journal manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return e;
    }

    private static TransferStarted ReadHeader(WireReader r) =>
        new(r.String(), r.String(), r.String(), r.String(), r.Int64(), r.Int32(), r.Time());

    private static ChunkPersisted ReadChunk(WireReader r) => new(r.Int32(), r.Int64(), r.Int32(), r.UInt64());
}
