using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Akka.Serialization;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;

namespace AkkaBackup.TestSupport.Remoting;

/// <summary>
/// A stock Akka.NET node as an attacker would run it: DotNetty with TLS under a certificate it holds (it trusts any
/// server), Akka's own serializers (JSON for anything unbound), and ours for the protocol and console messages,
/// under a serializer that can also send raw bytes with any manifest (<see cref="Forged"/>).
/// </summary>
public static class StockPeer
{
    public static ActorSystem Start(TlsIdentity identity, string name = "attacker")
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.actor.provider = remote
            akka.actor.serializers {
              forged = "{{typeof(ForgingSerializer).AssemblyQualifiedName}}"
              console = "{{typeof(ConsoleSerializer).AssemblyQualifiedName}}"
            }
            akka.actor.serialization-bindings {
              "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = forged
              "{{typeof(Forged).AssemblyQualifiedName}}" = forged
              "{{typeof(IConsoleMessage).AssemblyQualifiedName}}" = console
            }
            akka.remote.dot-netty.tcp { enable-ssl = on, hostname = "127.0.0.1", port = 0 }
            """);
        var ssl = new DotNettySslSetup(identity.Certificate, suppressValidation: true, requireMutualAuthentication: true);
        return ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(config).And(ssl));
    }

    public static IActorRef Resolve(ActorSystem system, Address node, string path) =>
        ((ExtendedActorSystem)system).Provider.ResolveActorRef(new RootActorPath(node) / path.Trim('/').Split('/'));

    /// <summary>Our protocol serializer's bytes of <paramref name="message"/>.</summary>
    public static byte[] Bytes(ActorSystem system, IProtocolMessage message) => new ProtocolSerializer((ExtendedActorSystem)system).ToBinary(message);
}

/// <summary>Raw bytes under a manifest of the attacker's choosing, sent as if our serializer had written them.</summary>
public sealed record Forged(byte[] Bytes, string Manifest);

/// <summary>Our protocol serializer's identifier: writes the protocol as ours does, and <see cref="Forged"/> bytes as they are.</summary>
public sealed class ForgingSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private readonly ProtocolSerializer _protocol = new(system);

    public override int Identifier => ProtocolSerializer.SerializerId;

    public override string Manifest(object o) => o is Forged f ? f.Manifest : _protocol.Manifest(o);

    public override byte[] ToBinary(object obj) => obj is Forged f ? f.Bytes : _protocol.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest) => _protocol.FromBinary(bytes, manifest);
}
