using Akka.Actor;
using Google.Protobuf;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using P = AkkaBackup.Protocol.Serialization.Schema;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// Every <see cref="IProtocolMessage"/> as a message of <c>receiver_protocol.proto</c>. Manifests are short and
/// stable: renaming a CLR type never changes the wire format, and the transport's firewall checks them. Every
/// text, blob and list a peer sends is bounded before it becomes a message. Bytes the transport stamped with the
/// sending peer's certificate name (<see cref="PeerStamp"/>) come out as <see cref="FromPeer"/>.
/// </summary>
public sealed class ProtocolSerializer(ExtendedActorSystem system) : ProtobufSerializer(system, "akkabackup wire", Bindings, FormatVersion)
{
    public const int SerializerId = 4711;
    public const string Name = "akkabackup";

    // 3: no client names and no actor references in requests (the transport names the peer); TransferVerifying.
    // 4: protobuf (receiver_protocol.proto). A node of another version refuses every message with both versions in
    // the error, instead of misreading it; from 4 on, fields are added without a new version.
    public const byte FormatVersion = 4;

    /// <summary>What a client sends a receiver.</summary>
    public static readonly IReadOnlySet<string> Requests = new HashSet<string>(StringComparer.Ordinal) { "chk", "open", "rsm", "cmpl", "abrt" };

    /// <summary>What a receiver answers.</summary>
    public static readonly IReadOnlySet<string> Answers = new HashSet<string>(StringComparer.Ordinal)
        { "chkd", "opnd", "refu", "wait", "cmpd", "fail", "rsmd", "vrfy", "unkn", "abtd" };

    /// <summary>Phase timings one archive description may carry.</summary>
    private const int MaxTimings = 64;

    public override int Identifier => SerializerId;

    protected override string OtherFormatHint => "the other node runs another release of AkkaBackup: upgrade client, receiver and abk together";

    private static IEnumerable<Binding> Bindings =>
    [
        Bind<CheckReceiver, P.CheckReceiver>("chk", m => new() { RequiredBytes = m.RequiredBytes }, P.CheckReceiver.Parser, p => new(p.RequiredBytes)),
        Bind<ReceiverChecked, P.ReceiverChecked>("chkd",
            m => new() { Accepted = m.Accepted, FreeBytes = m.FreeBytes, Reason = m.Reason, ReceiverVersion = m.ReceiverVersion },
            P.ReceiverChecked.Parser, p => new(p.Accepted, p.FreeBytes, Text(p.Reason, "reason"), Text(p.ReceiverVersion, "receiver version"))),
        Bind<OpenTransfer, P.OpenTransfer>("open",
            m => new()
            {
                Server = m.Server, Instance = m.Instance, RequiredBytes = m.RequiredBytes, ChunkSize = m.ChunkSize, Ticket = m.Ticket, ReopenOf = m.ReopenOf,
                Placement = Placement(m.Placement), ExpectedBytes = m.ExpectedBytes,
            },
            P.OpenTransfer.Parser,
            p => new(
                Text(p.Server, "server"), Text(p.Instance, "instance"), p.RequiredBytes, p.ChunkSize, Text(p.Ticket, "ticket"), Text(p.ReopenOf, "reopen-of"),
                Placement(p.Placement), p.ExpectedBytes)),
        Bind<WaitForAdmission, P.WaitForAdmission>("wait",
            m => new() { Ticket = m.Ticket, Position = m.Position, ActiveTransfers = m.ActiveTransfers, Reason = m.Reason },
            P.WaitForAdmission.Parser, p => new(Text(p.Ticket, "ticket"), p.Position, p.ActiveTransfers, Text(p.Reason, "reason"))),
        Bind<TransferOpened, P.TransferOpened>("opnd", m => new() { TransferId = m.TransferId, DataPort = m.DataPort },
            P.TransferOpened.Parser, p => new(Text(p.TransferId, "transfer id"), p.DataPort)),
        Bind<TransferRefused, P.TransferRefused>("refu", m => new() { Reason = m.Reason }, P.TransferRefused.Parser, p => new(Text(p.Reason, "reason"))),
        Bind<CompleteTransfer, P.CompleteTransfer>("cmpl",
            Completion,
            P.CompleteTransfer.Parser,
            p => new(Text(p.TransferId, "transfer id"), p.Length, p.ChunkCount, Text(p.Sha256, "SHA-256"), Description(p.Description ?? new P.ArchiveDescription()))
            {
                Downtime = p.HasDowntimeMs ? Span(p.DowntimeMs) : null,
                NextRun = p.HasNextRunUnixMs ? Time(p.NextRunUnixMs) : null,
            }),
        Bind<TransferCompleted, P.TransferCompleted>("cmpd",
            m => new() { TransferId = m.TransferId, StoredName = m.StoredName, StoredPath = m.StoredPath, Length = m.Length, Sha256 = m.Sha256 },
            P.TransferCompleted.Parser,
            p => new(Text(p.TransferId, "transfer id"), Text(p.StoredName, "stored name"), Text(p.StoredPath, "stored path"), p.Length, Text(p.Sha256, "SHA-256"))),
        Bind<TransferFailed, P.TransferFailed>("fail", m => new() { TransferId = m.TransferId, Reason = m.Reason },
            P.TransferFailed.Parser, p => new(Text(p.TransferId, "transfer id"), Text(p.Reason, "reason"))),
        Bind<ResumeTransfer, P.ResumeTransfer>("rsm", m => new() { TransferId = m.TransferId }, P.ResumeTransfer.Parser, p => new(Text(p.TransferId, "transfer id"))),
        Bind<TransferResumed, P.TransferResumed>("rsmd",
            m => new() { TransferId = m.TransferId, DataPort = m.DataPort, ChunkSize = m.ChunkSize, StoredChunks = ByteString.CopyFrom(m.StoredChunks), DroppedChunks = m.DroppedChunks },
            P.TransferResumed.Parser,
            p => new(Text(p.TransferId, "transfer id"), p.DataPort, p.ChunkSize, Blob(p.StoredChunks, "a chunk bitmap"), p.DroppedChunks)),
        Bind<TransferVerifying, P.TransferVerifying>("vrfy", m => new() { TransferId = m.TransferId }, P.TransferVerifying.Parser, p => new(Text(p.TransferId, "transfer id"))),
        Bind<TransferUnknown, P.TransferUnknown>("unkn", m => new() { TransferId = m.TransferId, Reason = m.Reason },
            P.TransferUnknown.Parser, p => new(Text(p.TransferId, "transfer id"), Text(p.Reason, "reason"))),
        Bind<AbortTransfer, P.AbortTransfer>("abrt", m => new() { TransferId = m.TransferId, Reason = m.Reason },
            P.AbortTransfer.Parser, p => new(Text(p.TransferId, "transfer id"), Text(p.Reason, "reason"))),
        Bind<TransferAborted, P.TransferAborted>("abtd", m => new() { TransferId = m.TransferId }, P.TransferAborted.Parser, p => new(Text(p.TransferId, "transfer id"))),
    ];

    public override object FromBinary(byte[] bytes, string manifest) => PeerStamp.FromBinary(bytes, manifest, base.FromBinary);

    private static P.CompleteTransfer Completion(CompleteTransfer m)
    {
        var proto = new P.CompleteTransfer { TransferId = m.TransferId, Length = m.Length, ChunkCount = m.ChunkCount, Sha256 = m.Sha256, Description = Description(m.Description) };
        if (m.Downtime is { } downtime)
        {
            proto.DowntimeMs = (long)downtime.TotalMilliseconds;
        }

        if (m.NextRun is { } next)
        {
            proto.NextRunUnixMs = Time(next);
        }

        return proto;
    }

    /// <summary>The receiver's defaults travel as no placement and come back as "none asked for".</summary>
    private static P.Placement? Placement(Placement? placement) =>
        placement is null || placement == Messages.Placement.ReceiverDefault
            ? null
            : new P.Placement { Folder = placement.Folder, NamingPattern = placement.NamingPattern, TimeZone = placement.TimeZone };

    private static Placement? Placement(P.Placement? p)
    {
        var placement = p is null ? null : new Placement(Text(p.Folder, "folder"), Text(p.NamingPattern, "naming pattern"), Text(p.TimeZone, "time zone"));
        return placement == Messages.Placement.ReceiverDefault ? null : placement;
    }

    private static P.ArchiveDescription Description(ArchiveDescription d) => new()
    {
        SourceHost = d.SourceHost, Server = d.Server, Instance = d.Instance, MysqlVersion = d.MySqlVersion, DataDirectory = d.DataDirectory,
        DataBytes = d.DataBytes, FileCount = d.FileCount, Compression = d.Compression, StartedAtUnixMs = Time(d.StartedAt),
        Timings = { d.Timings.Select(t => new P.PhaseTiming { Phase = t.Phase, Milliseconds = t.Milliseconds }) },
        RunId = d.RunId, BackupType = d.BackupType, Databases = d.Databases, Placement = Placement(d.Placement),
    };

    private static ArchiveDescription Description(P.ArchiveDescription p)
    {
        Bounded(p.Timings.Count, MaxTimings, "A count of phase timings");
        return new ArchiveDescription(
            Text(p.SourceHost, "source host"), Text(p.Server, "server"), Text(p.Instance, "instance"), Text(p.MysqlVersion, "server version"),
            Text(p.DataDirectory, "data directory"), p.DataBytes, p.FileCount, Text(p.Compression, "compression"), Time(p.StartedAtUnixMs),
            p.Timings.Select(t => new PhaseTiming(Text(t.Phase, "phase"), t.Milliseconds)).ToList(),
            Text(p.RunId, "run id"), Text(p.BackupType, "backup type"), Text(p.Databases, "databases"), Placement(p.Placement));
    }
}
