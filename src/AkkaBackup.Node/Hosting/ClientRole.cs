using Akka;
using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Remoting;
using AkkaBackup.Node.Operator;
using AkkaBackup.Store;
using Journal = AkkaBackup.Receiver.Persistence.Journal;

namespace AkkaBackup.Node.Hosting;

public static class ClientRole
{
    public static AkkaConfigurationBuilder AddClientActors(
        this AkkaConfigurationBuilder builder, ClientSettings settings, TlsTransportSetup transport, ReceiverDirectory receivers, IReadOnlyCollection<string> consoles, NodeStore store, bool longRunning)
    {
        Journal.Prepare(settings.JournalFile);
        builder.AddHocon(Journal.Hocon(settings.JournalFile), HoconAddMode.Append);
        builder.WithCustomSerializer(RunEventSerializer.Name, [typeof(IRunEvent)], system => new RunEventSerializer(system));
        return builder.WithActors((system, registry) =>
        {
            var runLog = system.ActorOf(RunLogWriter.Props(store, settings.StagingDirectory), RunLogWriter.Name);
            var identity = transport.Identity;
            var node = new ClientNodeContext(identity, new ReceiverLinks(system, identity, receivers, transport.Failures), AkkaNode.Version, runLog);
            var runs = system.ActorOf(RunManager.Props(settings, node, new InstanceCatalog(store, settings.Target)), RunManager.Name);
            registry.Register<RunManager>(runs);

            // Only the long-running node fires schedules and takes console commands; a one-shot `backup` or `pending` command must not.
            if (longRunning)
            {
                var scheduler = system.ActorOf(Scheduler.Props(store, runs), Scheduler.Name);
                registry.Register<Scheduler>(scheduler);
                var console = new ClientConsole(system, settings.NodeName, DateTimeOffset.UtcNow, store, runs, scheduler, settings.StagingDirectory);
                registry.Register<ConsoleEndpoint>(system.ActorOf(ConsoleEndpoint.Props(console, ConsoleCommands.Client, new ConsoleAuthenticator(identity.TrustedCa, consoles, settings.NodeName, TimeProvider.System)), ConsoleEndpoint.Name));
            }

            RunsFinishBeforeShutdown(system, runs, runLog);
        });
    }

    /// <summary>
    /// SIGTERM or a host stop: every run is
    /// cancelled and the node waits, up to the phase timeout, until each has started its server again,
    /// then until the store holds what the runs' ends told the run-log writer (a one-shot command stops right after its run).
    /// </summary>
    private static void RunsFinishBeforeShutdown(ActorSystem system, IActorRef runs, IActorRef runLog)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        var phase = CoordinatedShutdown.PhaseBeforeServiceUnbind;
        var timeout = shutdown.Timeout(phase);
        shutdown.AddTask(phase, "finish-backup-runs", async () =>
        {
            await runs.Ask<RunProtocol.AllRunsFinished>(new RunProtocol.CancelAllRuns(ShutdownReasons.Describe(shutdown.ShutdownReason)), timeout);
            await runLog.Ask<Done>(RunLogWriter.Flush.Instance, timeout);
            return Done.Instance;
        });
    }
}
