using Akka.Actor;
using AkkaBackup.Protocol.Messages;
using Google.Protobuf;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;
using P = AkkaBackup.Protocol.Serialization.Schema;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// The console's <see cref="IConsoleMessage"/>s as messages of <c>console_protocol.proto</c>, with short stable
/// manifests the transport's firewall checks. Bytes the transport stamped with the sending peer's certificate
/// name come out as <see cref="FromPeer"/>.
/// </summary>
public sealed class ConsoleSerializer(ExtendedActorSystem system) : ProtobufSerializer(system, "console wire", Bindings, FormatVersion)
{
    public const int SerializerId = 4714;
    public const string Name = "akkabackup-console";

    // 3: hello/welcome; requests are signed for one node by name. 4: protobuf (console_protocol.proto).
    public const byte FormatVersion = 4;

    /// <summary>What a console sends a node.</summary>
    public static readonly IReadOnlySet<string> Requests = new HashSet<string>(StringComparer.Ordinal) { "hello", "req" };

    /// <summary>What a node answers a console.</summary>
    public static readonly IReadOnlySet<string> Answers = new HashSet<string>(StringComparer.Ordinal) { "welc", "out", "done" };

    private const int MaxWords = 256;

    public override int Identifier => SerializerId;

    protected override string OtherFormatHint => "the console and the node run different releases of AkkaBackup: upgrade abk with the nodes";

    private static IEnumerable<Binding> Bindings =>
    [
        Bind<ConsoleHello, P.ConsoleHello>("hello", _ => new(), P.ConsoleHello.Parser, _ => ConsoleHello.Instance),
        Bind<ConsoleWelcome, P.ConsoleWelcome>("welc", m => new() { NodeVersion = m.NodeVersion }, P.ConsoleWelcome.Parser, p => new(Text(p.NodeVersion, "node version"))),
        Bind<ConsoleRequest, P.ConsoleRequest>("req",
            m => new()
            {
                Words = { m.Words }, RequestId = m.RequestId, IssuedAtUnixMs = m.IssuedAtUnixMs, NodeName = m.NodeName,
                Certificate = ByteString.CopyFrom(m.Certificate), Signature = ByteString.CopyFrom(m.Signature),
            },
            P.ConsoleRequest.Parser,
            p => new(
                p.Words.Take(Bounded(p.Words.Count, MaxWords, "A count of words")).Select(w => Text(w, "a word")).ToList(), Text(p.RequestId, "request id"), p.IssuedAtUnixMs,
                Text(p.NodeName, "node name"), Blob(p.Certificate, "a certificate"), Blob(p.Signature, "a signature"))),
        Bind<ConsoleOutput, P.ConsoleOutput>("out", m => new() { Text = m.Text, Error = m.Error }, P.ConsoleOutput.Parser, p => new(Text(p.Text, "output"), p.Error)),
        Bind<ConsoleDone, P.ConsoleDone>("done", m => new() { ExitCode = m.ExitCode }, P.ConsoleDone.Parser, p => new(p.ExitCode)),
    ];

    public override object FromBinary(byte[] bytes, string manifest) => PeerStamp.FromBinary(bytes, manifest, base.FromBinary);
}
