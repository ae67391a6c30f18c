using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>Compact binary serializer for the console's <see cref="IConsoleMessage"/>s, with short stable manifests.</summary>
public sealed class ConsoleSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4714;
    public const string Name = "akkabackup-console";

    // 2: requests carry the console's certificate and signature.
    private const byte FormatVersion = 2;
    private const int MaxWords = 256;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
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
                case ConsoleRequest m:
                    w.Int32(m.Words.Count);
                    foreach (var word in m.Words)
                    {
                        w.String(word);
                    }

                    w.String(m.RequestId);
                    w.Int64(m.IssuedAtUnixMs);
                    w.Bytes(m.Certificate ?? []);
                    w.Bytes(m.Signature ?? []);
                    break;
                case ConsoleOutput m: w.String(m.Text); w.Bool(m.Error); break;
                case ConsoleDone m: w.Int32(m.ExitCode); break;
                default: throw new ArgumentException($"ConsoleSerializer cannot serialize {obj.GetType().FullName}", nameof(obj));
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
            throw new SerializationException($"Unsupported console wire format version {version} (expected {FormatVersion}) for manifest '{manifest}'");
        }

        object message = manifest switch
        {
            "req" => new ConsoleRequest(Enumerable.Range(0, r.Count(MaxWords)).Select(_ => r.String()).ToList(), r.String(), r.Int64(), r.Bytes(), r.Bytes()),
            "out" => new ConsoleOutput(r.String(), r.Bool()),
            "done" => new ConsoleDone(r.Int32()),
            _ => throw new SerializationException($"Unknown console manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return message;
    }
}
