using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using AkkaBackup.Core.Security;
using AkkaBackup.Node.Operator;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.DataPlane;
using AkkaBackup.Receiver.Persistence;
using AkkaBackup.Receiver.Retention;
using AkkaBackup.Receiver.Storage;
using AkkaBackup.Receiver.Transfers;

namespace AkkaBackup.Node.Hosting;

public static class ReceiverRole
{
    /// <summary>
    /// The receiver is a one-node cluster so that its gateway can be found through the ClusterClient
    /// receptionist; clients stay plain remote nodes.
    /// </summary>
    public static AkkaConfigurationBuilder AddReceiverActors(
        this AkkaConfigurationBuilder builder, ReceiverSettings settings, RetentionSettings retention, TlsIdentity identity, PeerCertificateValidator clientValidator, IReadOnlyCollection<string> consoles, System.Net.Sockets.TcpListener dataPlane)
    {
        Journal.Prepare(settings.JournalFile);
        builder.AddHocon(Journal.Hocon(settings.JournalFile), HoconAddMode.Append);
        builder.WithCustomSerializer(AssemblerEventSerializer.Name, [typeof(IAssemblerEvent)], system => new AssemblerEventSerializer(system));
        return builder.WithActors((system, registry) =>
        {
            var retentionActor = system.ActorOf(RetentionActor.Props(settings, retention), RetentionActor.Name);
            var storage = system.ActorOf(StorageManager.Props(settings, retentionActor), StorageManager.Name);
            var gateway = system.ActorOf(ReceiverGateway.Props(settings, storage, AkkaNode.Version), ReceiverGateway.Name);
            ClusterClientReceptionist.Get(system).RegisterService(gateway);
            system.ActorOf(DataPlaneListener.Props(dataPlane, identity, clientValidator, gateway, settings.Limits, settings.NodeName), DataPlaneListener.Name);
            var cluster = Cluster.Get(system);
            cluster.Join(cluster.SelfAddress);
            registry.Register<ReceiverGateway>(gateway);
            registry.Register<StorageManager>(storage);
            var peers = system.ActorOf(ConnectedPeers.Props(), ConnectedPeers.Name);
            var console = new ReceiverConsole(system, settings.NodeName, DateTimeOffset.UtcNow, settings, retention, peers, gateway);
            registry.Register<ConsoleEndpoint>(system.ActorOf(ConsoleEndpoint.Props(console, ConsoleCommands.Receiver, new ConsoleAuthenticator(identity.TrustedCa, consoles, TimeProvider.System)), ConsoleEndpoint.Name));
        });
    }
}
