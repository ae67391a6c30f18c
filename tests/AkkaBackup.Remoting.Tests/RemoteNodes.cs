using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Remoting.Firewall;

namespace AkkaBackup.Remoting.Tests;

/// <summary>Real actor systems on loopback with AkkaBackup's transport, the way the nodes configure it.</summary>
public static class RemoteNodes
{
    public static ActorSystem Start(string name, TlsIdentity identity, RemotingPolicy policy, out TlsTransportSetup transport, int port = 0, int publicPort = 0)
    {
        transport = new TlsTransportSetup(identity, policy);
        var config = RemotingConfig.Hocon.WithFallback(ConfigurationFactory.ParseString($$"""
            akka.loglevel = INFO
            akka.stdout-loglevel = WARNING
            akka.remote.retry-gate-closed-for = 1s
            akka.actor {
              serializers {
                akkabackup = "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}"
                akkabackup-console = "{{typeof(ConsoleSerializer).AssemblyQualifiedName}}"
              }
              serialization-bindings {
                "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = akkabackup
                "{{typeof(IConsoleMessage).AssemblyQualifiedName}}" = akkabackup-console
              }
              serialization-identifiers {
                "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}" = {{ProtocolSerializer.SerializerId}}
                "{{typeof(ConsoleSerializer).AssemblyQualifiedName}}" = {{ConsoleSerializer.SerializerId}}
              }
            }
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}}, public-port = {{publicPort}} }
            """)).WithFallback(ReferenceConfiguration.Config);
        return ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(config).And(transport));
    }

    /// <summary>A receiver-like node: admits the given clients (their requests, stamped) and dials nobody.</summary>
    public static ActorSystem Receiver(TlsIdentity identity, IReadOnlyCollection<string> clients, out TlsTransportSetup transport, int port = 0, int publicPort = 0) =>
        Start("akkabackup", identity, new RemotingPolicy(name => clients.Contains(name) ? ProtocolRules.ClientRequests : null, RemotingPolicy.NoOutbound), out transport, port, publicPort);

    /// <summary>A client-like node: admits nobody and dials only <paramref name="port"/>, expecting <paramref name="receiver"/> there.</summary>
    public static ActorSystem Client(TlsIdentity identity, int port, string receiver, out TlsTransportSetup transport) =>
        Start("akkabackup", identity, new RemotingPolicy(_ => null,
            address => address.Port == port ? new OutboundPeer(receiver, ProtocolRules.ReceiverAnswers) : null), out transport);

    public static Address AddressOf(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress;

    public static IActorRef Resolve(ActorSystem from, Address node, string path) =>
        ((ExtendedActorSystem)from).Provider.ResolveActorRef(new RootActorPath(node) / path.Trim('/').Split('/'));
}

/// <summary>
/// Stands in for the receiver's gateway: answers each stamped check with the name the transport stamped, and
/// counts everything else that reaches it (which must be nothing a client was not allowed to send).
/// </summary>
public sealed class EchoGateway : ReceiveActor
{
    public EchoGateway(List<object> received)
    {
        Receive<FromPeer>(m =>
        {
            lock (received)
            {
                received.Add(m);
            }

            Sender.Tell(new ReceiverProtocol.ReceiverChecked(true, 0, m.PeerName, "echo"));
        });
        ReceiveAny(m =>
        {
            lock (received)
            {
                received.Add(m);
            }
        });
    }
}
