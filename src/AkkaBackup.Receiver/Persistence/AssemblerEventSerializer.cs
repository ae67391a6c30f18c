using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;

namespace AkkaBackup.Receiver.Persistence;

/// <summary>Binary format of the receiver's journal and snapshots: stable short manifests, a format version byte.</summary>
public sealed class AssemblerEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4712;
    public const string Name = "akkabackup-assembler";

    private const byte FormatVersion = 1;

    /// <summary>Enough for 8 TB in 8 MiB chunks; a bigger count is damage, not data.</summary>
    private const int MaxChunks = AkkaBackup.Protocol.Messages.TransferLimits.MaxChunks;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        TransferStarted => "ts",
        ChunkPersisted => "cp",
        ChunksDropped => "cd",
        AssemblerSnapshot => "snap",
        _ => throw new ArgumentException($"AssemblerEventSerializer cannot serialize {o.GetType().FullName}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new WireWriter(buffer))
        {
            w.Byte(FormatVersion);
            switch (obj)
            {
                case TransferStarted e: WriteHeader(w, e); break;
                case ChunkPersisted e: WriteChunk(w, e); break;
                case ChunksDropped e:
                    w.Int32(e.Indices.Count);
                    foreach (var i in e.Indices)
                    {
                        w.Int32(i);
                    }

                    break;
                case AssemblerSnapshot e:
                    WriteHeader(w, e.Header);
                    w.Int32(e.Chunks.Count);
                    foreach (var c in e.Chunks)
                    {
                        WriteChunk(w, c);
                    }

                    break;
                default: throw new ArgumentException($"AssemblerEventSerializer cannot serialize {obj.GetType().FullName}", nameof(obj));
            }
        }

        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new WireReader(bytes);
        var version = r.Byte();
        if (version != FormatVersion)
        {
            throw new SerializationException($"Unsupported assembler journal format version {version} (expected {FormatVersion}) for manifest '{manifest}'");
        }

        object e = manifest switch
        {
            "ts" => ReadHeader(r),
            "cp" => ReadChunk(r),
            "cd" => new ChunksDropped(Enumerable.Range(0, r.Count(MaxChunks, elementBytes: 4)).Select(_ => r.Int32()).ToList()),
            "snap" => new AssemblerSnapshot(ReadHeader(r), Enumerable.Range(0, r.Count(MaxChunks, elementBytes: 24)).Select(_ => ReadChunk(r)).ToList()),
            _ => throw new SerializationException($"Unknown assembler journal manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return e;
    }

    private static void WriteHeader(WireWriter w, TransferStarted e)
    {
        w.String(e.TransferId);
        w.String(e.ClientId);
        w.String(e.Server);
        w.String(e.Instance);
        w.Int64(e.MaxLength);
        w.Int32(e.ChunkSize);
        w.Int64(e.At.ToUnixTimeMilliseconds());
    }

    private static TransferStarted ReadHeader(WireReader r) =>
        new(r.String(), r.String(), r.String(), r.String(), r.Int64(), r.Int32(), r.Time());

    private static void WriteChunk(WireWriter w, ChunkPersisted c)
    {
        w.Int32(c.Index);
        w.Int64(c.Offset);
        w.Int32(c.Length);
        w.UInt64(c.Checksum);
    }

    private static ChunkPersisted ReadChunk(WireReader r) => new(r.Int32(), r.Int64(), r.Int32(), r.UInt64());
}
