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
    /// The receiver's actors. Clients reach <c>/user/receiver</c> (the gateway) by its path and consoles
    /// <c>/user/console</c>; the transport's firewall lets nothing else of theirs through.
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
            system.ActorOf(DataPlaneListener.Props(dataPlane, identity, clientValidator, gateway, settings.Limits, settings.DataPlaneLimits, settings.NodeName), DataPlaneListener.Name);
            registry.Register<ReceiverGateway>(gateway);
            registry.Register<StorageManager>(storage);
            var peers = system.ActorOf(ConnectedPeers.Props(), ConnectedPeers.Name);
            var console = new ReceiverConsole(system, settings.NodeName, DateTimeOffset.UtcNow, settings, retention, peers, gateway);
            registry.Register<ConsoleEndpoint>(system.ActorOf(ConsoleEndpoint.Props(console, ConsoleCommands.Receiver, new ConsoleAuthenticator(identity.TrustedCa, consoles, settings.NodeName, TimeProvider.System)), ConsoleEndpoint.Name));
        });
    }
}
