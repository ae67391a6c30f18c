using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AkkaBackup.Client.Runs;
using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Persistence;

/// <summary>Binary format of the client's journal: stable short manifests and a format version byte.</summary>
public sealed class RunEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4713;
    public const string Name = "akkabackup-runs";

    private const byte FormatVersion = 1;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RunBegan => "rb",
        StopIssued => "si",
        ArchiveWasSealed => "as",
        TransferIdChanged => "tc",
        ServerAnswering => "sa",
        RunEnded => "re",
        RunRegistered => "rr",
        RunParked => "rp",
        RunClosed => "rc",
        _ => throw new ArgumentException($"RunEventSerializer cannot serialize {o.GetType().FullName}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new WireWriter(buffer))
        {
            w.Byte(FormatVersion);
            switch (obj)
            {
                case RunBegan e: w.String(e.RunId); w.String(e.Instance); Time(w, e.At); break;
                case StopIssued e: w.String(e.TransferId); w.String(e.ArchivePath); w.Int32(e.ChunkSize); w.String(e.ServerVersion); Time(w, e.At); break;
                case ArchiveWasSealed e: w.Int64(e.Length); w.String(e.Sha256); w.Int32(e.ChunkCount); w.Int64(e.DataBytes); w.Int32(e.FileCount); break;
                case TransferIdChanged e: w.String(e.TransferId); break;
                case ServerAnswering e: Time(w, e.At); break;
                case RunEnded e: w.Bool(e.Succeeded); Optional(w, e.KeptArchive); Optional(w, e.Error); Time(w, e.At); break;
                case RunRegistered e: w.String(e.RunId); w.String(e.Instance); break;
                case RunParked e: w.String(e.RunId); w.String(e.Instance); w.String(e.ArchivePath); w.String(Truncate(e.Error)); Time(w, e.At); break;
                case RunClosed e: w.String(e.RunId); break;
                default: throw new ArgumentException($"RunEventSerializer cannot serialize {obj.GetType().FullName}", nameof(obj));
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
            throw new SerializationException($"Unsupported run journal format version {version} (expected {FormatVersion}) for manifest '{manifest}'");
        }

        object e = manifest switch
        {
            "rb" => new RunBegan(r.String(), r.String(), Time(r)),
            "si" => new StopIssued(r.String(), r.String(), r.Int32(), r.String(), Time(r)),
            "as" => new ArchiveWasSealed(r.Int64(), r.String(), r.Int32(), r.Int64(), r.Int32()),
            "tc" => new TransferIdChanged(r.String()),
            "sa" => new ServerAnswering(Time(r)),
            "re" => new RunEnded(r.Bool(), Optional(r), Optional(r), Time(r)),
            "rr" => new RunRegistered(r.String(), r.String()),
            "rp" => new RunParked(r.String(), r.String(), r.String(), r.String(), Time(r)),
            "rc" => new RunClosed(r.String()),
            _ => throw new SerializationException($"Unknown run journal manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return e;
    }

    // Errors can be long (nested causes); the journal keeps the first part, the log has all of it.
    private static string Truncate(string text) => text.Length > 4000 ? text[..4000] + "…" : text;

    private static void Time(WireWriter w, DateTimeOffset at) => w.Int64(at.ToUnixTimeMilliseconds());

    private static DateTimeOffset Time(WireReader r) => r.Time();

    private static void Optional(WireWriter w, string? value)
    {
        w.Bool(value is not null);
        if (value is not null)
        {
            w.String(Truncate(value));
        }
    }

    private static string? Optional(WireReader r) => r.Bool() ? r.String() : null;
}
