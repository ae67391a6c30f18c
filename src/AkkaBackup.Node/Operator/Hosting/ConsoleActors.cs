using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Security;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Transfers;
using AkkaBackup.Store;

namespace AkkaBackup.Node.Operator.Hosting;

/// <summary>
/// <c>/user/console</c>, the one actor a console (<c>abk</c>) may reach, over the role's actors that
/// <c>AddClientActors</c> / <c>AddReceiverActors</c> registered before it. It takes only requests signed
/// for this node by a certificate named in <paramref name="consoles"/>.
/// </summary>
public static class ConsoleActors
{
    public static AkkaConfigurationBuilder AddClientConsole(
        this AkkaConfigurationBuilder builder, ClientSettings settings, TlsIdentity identity, IReadOnlyCollection<string> consoles, NodeStore store)
    {
        return builder.WithActors((system, registry) =>
        {
            var runs = registry.Get<RunManager>();
            var scheduler = registry.Get<Scheduler>();
            var runLog = registry.Get<RunLogWriter>();
            var console = new ClientConsole(system, settings.NodeName, DateTimeOffset.UtcNow, store, runs, scheduler, runLog, settings.StagingDirectory);
            Start(system, registry, console, ConsoleCommands.Client, identity, consoles);
        });
    }

    public static AkkaConfigurationBuilder AddReceiverConsole(
        this AkkaConfigurationBuilder builder, ReceiverSettings settings, RetentionSettings retention, FleetConsole fleet, TlsIdentity identity, IReadOnlyCollection<string> consoles)
    {
        return builder.WithActors((system, registry) =>
        {
            var gateway = registry.Get<ReceiverGateway>();
            var peers = system.ActorOf(ConnectedPeers.Props(), ConnectedPeers.Name);
            var console = new ReceiverConsole(system, settings.NodeName, DateTimeOffset.UtcNow, settings, retention, peers, gateway, fleet);
            Start(system, registry, console, ConsoleCommands.Receiver, identity, consoles);
        });
    }

    private static void Start(
        ActorSystem system, IActorRegistry registry, ConsoleContext console, IReadOnlyList<ConsoleCommand> commands, TlsIdentity identity, IReadOnlyCollection<string> consoles)
    {
        var authenticator = new ConsoleAuthenticator(identity.TrustedCa, consoles, console.NodeName, TimeProvider.System);
        registry.Register<ConsoleEndpoint>(system.ActorOf(ConsoleEndpoint.Props(console, commands, authenticator), ConsoleEndpoint.Name));
    }
}
