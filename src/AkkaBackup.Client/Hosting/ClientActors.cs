using Akka;
using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Overdue;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Persistence;
using AkkaBackup.Remoting;
using AkkaBackup.Store;

namespace AkkaBackup.Client.Hosting;

/// <summary>
/// A client node's actors: the run journal, <c>/user/run-log</c>, <c>/user/runs</c> (the <see cref="RunManager"/>)
/// and, on a long-running node, <c>/user/scheduler</c> and <c>/user/overdue</c>; each registered in the <see cref="ActorRegistry"/>.
/// A node stops only after every run has started its server again (<see cref="RunsFinishBeforeShutdown"/>).
/// </summary>
public static class ClientActors
{
    /// <param name="longRunning">Only the long-running node fires schedules; a one-shot <c>backup</c> or <c>pending</c> command must not.</param>
    public static AkkaConfigurationBuilder AddClientActors(
        this AkkaConfigurationBuilder builder, ClientSettings settings, TlsTransportSetup transport, ReceiverDirectory receivers, NodeStore store, string version, bool longRunning)
    {
        return builder
            .AddSqliteJournal<IRunEvent>(settings.JournalFile, RunEventSerializer.Name, system => new RunEventSerializer(system))
            .WithActors((system, registry) =>
            {
                var runLog = system.ActorOf(RunLogWriter.Props(store, settings.StagingDirectory, new RunJournal(settings.JournalFile)), RunLogWriter.Name);
                registry.Register<RunLogWriter>(runLog);
                var identity = transport.Identity;
                var node = new ClientNodeContext(identity, new ReceiverLinks(system, identity, receivers, transport.Failures), version, runLog, () => store.Schedules.ListAsync());
                var runs = system.ActorOf(RunManager.Props(settings, node, new InstanceCatalog(store, settings.Target), retryParked: longRunning), RunManager.Name);
                registry.Register<RunManager>(runs);
                if (longRunning)
                {
                    registry.Register<Scheduler>(system.ActorOf(Scheduler.Props(store, runs, settings.NodeName), Scheduler.Name));
                    registry.Register<OverdueWatch>(system.ActorOf(OverdueWatch.Props(store, settings.NodeName, settings.OverdueCheckEvery), OverdueWatch.Name));
                }

                RunsFinishBeforeShutdown(system, runs, runLog);
            });
    }

    /// <summary>
    /// SIGTERM or a host stop: every run is cancelled and the node waits, up to the phase timeout, until each
    /// has started its server again, then until the store holds what the runs' ends told the run-log writer
    /// (a one-shot command stops right after its run).
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
