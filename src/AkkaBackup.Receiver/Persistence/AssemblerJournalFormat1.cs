using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;

namespace AkkaBackup.Receiver.Persistence;

/// <summary>
/// Reads the receiver journal of release 0.1.0 (<see cref="PositionalFormat"/>), so that partial transfers an
/// older receiver journalled are resumed after an upgrade. Nothing writes it any more.
/// </summary>
internal static class AssemblerJournalFormat1
{
    private const int MaxChunks = AssemblerEventSerializer.MaxChunks;

    private static readonly Dictionary<string, Func<WireReader, object>> Readers = new(StringComparer.Ordinal)
    {
        ["ts"] = r => Header(r),
        ["cp"] = r => Chunk(r),
        ["cd"] = r => new ChunksDropped(Enumerable.Range(0, r.Count(MaxChunks, elementBytes: 4)).Select(_ => r.Int32()).ToList()),
        ["snap"] = r => new AssemblerSnapshot(Header(r), Enumerable.Range(0, r.Count(MaxChunks, elementBytes: 24)).Select(_ => Chunk(r)).ToList()),
    };

    public static object Read(byte[] bytes, string manifest) => PositionalFormat.Read(bytes, manifest, "assembler journal", Readers);

    private static TransferStarted Header(WireReader r) => new(r.String(), r.String(), r.String(), r.String(), r.Int64(), r.Int32(), r.Time());

    private static ChunkPersisted Chunk(WireReader r) => new(r.Int32(), r.Int64(), r.Int32(), r.UInt64());
}
