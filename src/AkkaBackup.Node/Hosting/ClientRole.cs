using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Node.Hosting;

public static class ClientRole
{
    public static AkkaConfigurationBuilder AddClientActors(
        this AkkaConfigurationBuilder builder, ClientSettings settings, TlsIdentity identity, PeerCertificateValidator receiverValidator)
    {
        return builder.WithActors((system, registry) =>
        {
            var contacts = ImmutableHashSet.Create(ActorPath.Parse(settings.Target.ReceptionistPath));
            var receiverClient = system.ActorOf(
                ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "receiver-client");
            var node = new ClientNodeContext(identity, receiverValidator, receiverClient, AkkaNode.Version);
            var runs = system.ActorOf(RunManager.Props(settings, node), RunManager.Name);
            registry.Register<RunManager>(runs);
        });
    }
}
