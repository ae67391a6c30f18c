using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// Compact binary serializer for the console's <see cref="IConsoleMessage"/>s, with short stable manifests. Bytes
/// the transport stamped with the sending peer's certificate name come out as <see cref="FromPeer"/>.
/// </summary>
public sealed class ConsoleSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4714;
    public const string Name = "akkabackup-console";

    /// <summary>What a console sends a node.</summary>
    public static readonly IReadOnlySet<string> Requests = new HashSet<string>(StringComparer.Ordinal) { "hello", "req" };

    /// <summary>What a node answers a console.</summary>
    public static readonly IReadOnlySet<string> Answers = new HashSet<string>(StringComparer.Ordinal) { "welc", "out", "done" };

    // 3: hello/welcome; requests are signed for one node by name.
    private const byte FormatVersion = 3;
    private const int MaxWords = 256;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        ConsoleHello => "hello",
        ConsoleWelcome => "welc",
        ConsoleRequest => "req",
        ConsoleOutput => "out",
        ConsoleDone => "done",
        _ => throw new ArgumentException($"ConsoleSerializer cannot serialize {o.GetType().FullName}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new WireWriter(buffer))
        {
            w.Byte(FormatVersion);
            switch (obj)
            {
                case ConsoleHello:
                    break;
                case ConsoleWelcome m:
                    w.String(m.NodeVersion);
                    break;
                case ConsoleRequest m:
                    w.Int32(m.Words.Count);
                    foreach (var word in m.Words)
                    {
                        w.String(word);
                    }

                    w.String(m.RequestId);
                    w.Int64(m.IssuedAtUnixMs);
                    w.String(m.NodeName);
                    w.Bytes(m.Certificate);
                    w.Bytes(m.Signature);
                    break;
                case ConsoleOutput m: w.String(m.Text); w.Bool(m.Error); break;
                case ConsoleDone m: w.Int32(m.ExitCode); break;
                default: throw new ArgumentException($"ConsoleSerializer cannot serialize {obj.GetType().FullName}", nameof(obj));
            }
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
            throw new SerializationException($"Unsupported console wire format version {version} (expected {FormatVersion}) for manifest '{manifest}'");
        }

        object message = manifest switch
        {
            "hello" => ConsoleHello.Instance,
            "welc" => new ConsoleWelcome(r.String()),
            "req" => new ConsoleRequest(Enumerable.Range(0, r.Count(MaxWords, elementBytes: 4)).Select(_ => r.String()).ToList(), r.String(), r.Int64(), r.String(), r.Bytes(), r.Bytes()),
            "out" => new ConsoleOutput(r.String(), r.Bool()),
            "done" => new ConsoleDone(r.Int32()),
            _ => throw new SerializationException($"Unknown console manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return message;
    }
}
