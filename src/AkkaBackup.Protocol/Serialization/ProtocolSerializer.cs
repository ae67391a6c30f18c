using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// Compact binary serializer for every <see cref="IProtocolMessage"/>. Manifests are short and stable:
/// renaming a CLR type never changes the wire format. Bytes the transport stamped with the sending peer's
/// certificate name (<see cref="PeerStamp"/>) come out as <see cref="FromPeer"/>.
/// </summary>
public sealed class ProtocolSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4711;
    public const string Name = "akkabackup";

    // 3: no client names and no actor references in requests (the transport names the peer); TransferVerifying.
    // A node of another version refuses every message with both versions in the error, instead of misreading it.
    private const byte FormatVersion = 3;

    /// <summary>What a client sends a receiver.</summary>
    public static readonly IReadOnlySet<string> Requests = new HashSet<string>(StringComparer.Ordinal) { "chk", "open", "rsm", "cmpl", "abrt" };

    /// <summary>What a receiver answers.</summary>
    public static readonly IReadOnlySet<string> Answers = new HashSet<string>(StringComparer.Ordinal)
        { "chkd", "opnd", "refu", "wait", "cmpd", "fail", "rsmd", "vrfy", "unkn" };

    public ProtocolSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        CheckReceiver => "chk",
        ReceiverChecked => "chkd",
        OpenTransfer => "open",
        TransferOpened => "opnd",
        TransferRefused => "refu",
        CompleteTransfer => "cmpl",
        TransferCompleted => "cmpd",
        TransferFailed => "fail",
        AbortTransfer => "abrt",
        ResumeTransfer => "rsm",
        TransferResumed => "rsmd",
        TransferUnknown => "unkn",
        TransferVerifying => "vrfy",
        WaitForAdmission => "wait",
        _ => throw new ArgumentException($"ProtocolSerializer cannot serialize {o.GetType().FullName}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new WireWriter(buffer))
        {
            w.Byte(FormatVersion);
            Write(w, obj);
        }

        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) => PeerStamp.FromBinary(bytes, manifest, Read);

    private static object Read(byte[] bytes, string manifest)
    {
        using var r = new WireReader(bytes);
        var version = r.Byte();
        if (version != FormatVersion)
        {
            throw new SerializationException($"Unsupported akkabackup wire format version {version} (expected {FormatVersion}) for manifest '{manifest}'");
        }

        object message = manifest switch
        {
            "chk" => new CheckReceiver(r.Int64()),
            "chkd" => new ReceiverChecked(r.Bool(), r.Int64(), r.String(), r.String()),
            "open" => new OpenTransfer(r.String(), r.String(), r.Int64(), r.Int32(), r.String(), r.String(), ReadPlacement(r)),
            "opnd" => new TransferOpened(r.String(), r.Int32()),
            "refu" => new TransferRefused(r.String()),
            "cmpl" => new CompleteTransfer(r.String(), r.Int64(), r.Int32(), r.String(), ReadDescription(r)),
            "cmpd" => new TransferCompleted(r.String(), r.String(), r.String(), r.Int64(), r.String()),
            "fail" => new TransferFailed(r.String(), r.String()),
            "abrt" => new AbortTransfer(r.String(), r.String()),
            "rsm" => new ResumeTransfer(r.String()),
            "rsmd" => new TransferResumed(r.String(), r.Int32(), r.Int32(), r.Bytes(), r.Int32()),
            "vrfy" => new TransferVerifying(r.String()),
            "unkn" => new TransferUnknown(r.String(), r.String()),
            "wait" => new WaitForAdmission(r.String(), r.Int32(), r.Int32(), r.String()),
            _ => throw new SerializationException($"Unknown akkabackup manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return message;
    }

    private static void Write(WireWriter w, object obj)
    {
        switch (obj)
        {
            case CheckReceiver m: w.Int64(m.RequiredBytes); break;
            case ReceiverChecked m: w.Bool(m.Accepted); w.Int64(m.FreeBytes); w.String(m.Reason); w.String(m.ReceiverVersion); break;
            case OpenTransfer m: w.String(m.Server); w.String(m.Instance); w.Int64(m.RequiredBytes); w.Int32(m.ChunkSize); w.String(m.Ticket); w.String(m.ReopenOf); WritePlacement(w, m.Target); break;
            case TransferOpened m: w.String(m.TransferId); w.Int32(m.DataPort); break;
            case TransferRefused m: w.String(m.Reason); break;
            case CompleteTransfer m: w.String(m.TransferId); w.Int64(m.Length); w.Int32(m.ChunkCount); w.String(m.Sha256); WriteDescription(w, m.Description); break;
            case TransferCompleted m: w.String(m.TransferId); w.String(m.StoredName); w.String(m.StoredPath); w.Int64(m.Length); w.String(m.Sha256); break;
            case TransferFailed m: w.String(m.TransferId); w.String(m.Reason); break;
            case AbortTransfer m: w.String(m.TransferId); w.String(m.Reason); break;
            case ResumeTransfer m: w.String(m.TransferId); break;
            case TransferResumed m: w.String(m.TransferId); w.Int32(m.DataPort); w.Int32(m.ChunkSize); w.Bytes(m.StoredChunks); w.Int32(m.DroppedChunks); break;
            case TransferVerifying m: w.String(m.TransferId); break;
            case TransferUnknown m: w.String(m.TransferId); w.String(m.Reason); break;
            case WaitForAdmission m: w.String(m.Ticket); w.Int32(m.Position); w.Int32(m.ActiveTransfers); w.String(m.Reason); break;
            default: throw new ArgumentException($"ProtocolSerializer cannot serialize {obj.GetType().FullName}", nameof(obj));
        }
    }

    private static void WriteDescription(WireWriter w, ArchiveDescription d)
    {
        w.String(d.SourceHost);
        w.String(d.Server);
        w.String(d.Instance);
        w.String(d.MySqlVersion);
        w.String(d.DataDirectory);
        w.Int64(d.DataBytes);
        w.Int32(d.FileCount);
        w.String(d.Compression);
        w.Int64(d.StartedAt.ToUnixTimeMilliseconds());
        w.Int32(d.Timings.Count);
        foreach (var t in d.Timings)
        {
            w.String(t.Phase);
            w.Int64(t.Milliseconds);
        }

        w.String(d.RunId);
        w.String(d.BackupType);
        w.String(d.Databases);
        WritePlacement(w, d.Target);
    }

    private static void WritePlacement(WireWriter w, Placement p)
    {
        w.String(p.Folder);
        w.String(p.NamingPattern);
        w.String(p.TimeZone);
    }

    /// <summary>The receiver's defaults travel as three empty strings and come back as "none asked for".</summary>
    private static Placement? ReadPlacement(WireReader r)
    {
        var placement = new Placement(r.String(), r.String(), r.String());
        return placement == Placement.ReceiverDefault ? null : placement;
    }

    private static ArchiveDescription ReadDescription(WireReader r)
    {
        var sourceHost = r.String();
        var server = r.String();
        var instance = r.String();
        var version = r.String();
        var dataDirectory = r.String();
        var dataBytes = r.Int64();
        var fileCount = r.Int32();
        var compression = r.String();
        var startedAt = r.Time();
        var count = r.Count(maximum: 64, elementBytes: 12);
        var timings = new List<PhaseTiming>(count);
        for (var i = 0; i < count; i++)
        {
            timings.Add(new PhaseTiming(r.String(), r.Int64()));
        }

        return new ArchiveDescription(sourceHost, server, instance, version, dataDirectory, dataBytes, fileCount, compression, startedAt, timings, r.String(), r.String(), r.String(), ReadPlacement(r));
    }
}
