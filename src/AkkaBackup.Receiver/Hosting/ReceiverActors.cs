using System.Net.Sockets;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Core.Security;
using AkkaBackup.Persistence;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.DataPlane;
using AkkaBackup.Receiver.Drills;
using AkkaBackup.Receiver.Persistence;
using AkkaBackup.Receiver.Retention;
using AkkaBackup.Receiver.Storage;
using AkkaBackup.Receiver.Transfers;

namespace AkkaBackup.Receiver.Hosting;

/// <summary>
/// A receiver's actors: the journal of partial transfers, <c>/user/retention</c>, <c>/user/storage</c>,
/// <c>/user/receiver</c> (the <see cref="ReceiverGateway"/> clients reach by its path) and the data-plane
/// listener on <paramref name="dataPlane"/>, and <c>/user/drills</c> when <paramref name="drills"/> is given (scheduled drills, and drills an operator asks for); each registered in the <see cref="ActorRegistry"/>.
/// </summary>
public static class ReceiverActors
{
    public static AkkaConfigurationBuilder AddReceiverActors(
        this AkkaConfigurationBuilder builder, ReceiverSettings settings, RetentionSettings retention, TlsIdentity identity, PeerCertificateValidator clientValidator, TcpListener dataPlane, string version, DrillSettings? drills = null)
    {
        return builder
            .AddSqliteJournal<IAssemblerEvent>(settings.JournalFile, AssemblerEventSerializer.Name, system => new AssemblerEventSerializer(system))
            .WithActors((system, registry) =>
            {
                var retentionActor = system.ActorOf(RetentionActor.Props(settings, retention), RetentionActor.Name);
                registry.Register<RetentionActor>(retentionActor);
                var storage = system.ActorOf(StorageManager.Props(settings, retentionActor), StorageManager.Name);
                registry.Register<StorageManager>(storage);
                var gateway = system.ActorOf(ReceiverGateway.Props(settings, storage, version), ReceiverGateway.Name);
                registry.Register<ReceiverGateway>(gateway);
                registry.Register<DataPlaneListener>(system.ActorOf(
                    DataPlaneListener.Props(dataPlane, identity, clientValidator, gateway, settings.Limits, settings.DataPlaneLimits, settings.NodeName), DataPlaneListener.Name));
                if (drills is not null)
                {
                    var scheduler = system.ActorOf(DrillScheduler.Props(settings, drills), DrillScheduler.Name);
                    registry.Register<DrillScheduler>(scheduler);

                    // Stopped before the fleet catalog is flushed (service-stop): a drill that ends while the node stops is
                    // recorded like any other, one under way is cancelled and leaves no report.
                    CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-drills", async () =>
                    {
                        try
                        {
                            await scheduler.GracefulStop(TimeSpan.FromSeconds(35));
                        }
                        catch (TaskCanceledException)
                        {
                            // The phase's own timeout is logged by Akka; the node stops regardless.
                        }

                        return Done.Instance;
                    });
                }
            });
    }
}
