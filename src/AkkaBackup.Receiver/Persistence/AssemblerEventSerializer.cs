using Akka.Actor;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;
using P = AkkaBackup.Receiver.Persistence.Schema;

namespace AkkaBackup.Receiver.Persistence;

/// <summary>
/// The receiver's journal and snapshots: every <see cref="IAssemblerEvent"/> as a message of
/// <c>assembler_events.proto</c>. Entries in format 1 (release 0.1.0) are still read, so partial transfers
/// survive an upgrade.
/// </summary>
public sealed class AssemblerEventSerializer(ExtendedActorSystem system) : ProtobufSerializer(system, "assembler journal", Bindings)
{
    public const int SerializerId = 4712;
    public const string Name = "akkabackup-assembler";

    /// <summary>Enough for 8 TB in 8 MiB chunks; a bigger count is damage, not data.</summary>
    public const int MaxChunks = AkkaBackup.Protocol.Messages.TransferLimits.MaxChunks;

    public override int Identifier => SerializerId;

    protected override string ReadableFormats => "1 and 2";

    private static IEnumerable<Binding> Bindings =>
    [
        Bind<TransferStarted, P.TransferStarted>("ts", Header, P.TransferStarted.Parser, Header),
        Bind<ChunkPersisted, P.ChunkPersisted>("cp", Chunk, P.ChunkPersisted.Parser, Chunk),
        Bind<ChunksDropped, P.ChunksDropped>("cd",
            e => new() { Indices = { e.Indices } },
            P.ChunksDropped.Parser, m => new(Bounded(m.Indices, "A count of dropped chunks").ToList())),
        Bind<AssemblerSnapshot, P.AssemblerSnapshot>("snap",
            e => new() { Header = Header(e.Header), Chunks = { e.Chunks.Select(Chunk) } },
            P.AssemblerSnapshot.Parser,
            m => new(Header(m.Header ?? new P.TransferStarted()), Bounded(m.Chunks, "A snapshot's chunk count").Select(Chunk).ToList())),
    ];

    protected override object? ReadOlderFormat(byte version, byte[] bytes, string manifest) =>
        version == PositionalFormat.Version ? AssemblerJournalFormat1.Read(bytes, manifest) : null;

    private static IReadOnlyList<T> Bounded<T>(IReadOnlyList<T> items, string what)
    {
        Bounded(items.Count, MaxChunks, what);
        return items;
    }

    private static P.TransferStarted Header(TransferStarted e) => new()
    {
        TransferId = e.TransferId, ClientId = e.ClientId, Server = e.Server, Instance = e.Instance,
        MaxLength = e.MaxLength, ChunkSize = e.ChunkSize, AtUnixMs = Time(e.At),
    };

    private static TransferStarted Header(P.TransferStarted m) =>
        new(m.TransferId, m.ClientId, m.Server, m.Instance, m.MaxLength, m.ChunkSize, Time(m.AtUnixMs));

    private static P.ChunkPersisted Chunk(ChunkPersisted c) => new() { Index = c.Index, Offset = c.Offset, Length = c.Length, Checksum = c.Checksum };

    private static ChunkPersisted Chunk(P.ChunkPersisted m) => new(m.Index, m.Offset, m.Length, m.Checksum);
}
