using Akka;
using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Core.Security;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Drills;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Hosting;

/// <summary>
/// The fleet catalog's actors: <c>/user/catalog</c> (<see cref="CatalogWriter"/>), subscribed to the event stream before
/// any receiver actor starts so that no row is missed, and <c>/user/overdue</c> (<see cref="OverdueWatch"/>). When the
/// node stops, what the writer holds gets up to <paramref name="flushTimeout"/> to be written.
/// </summary>
public static class CatalogActors
{
    public static AkkaConfigurationBuilder AddCatalogActors(
        this AkkaConfigurationBuilder builder, CatalogOpener catalog, CatalogSettings settings, OverdueSettings overdue, string nodeName, TimeSpan flushTimeout)
    {
        return builder.WithActors((system, registry) =>
        {
            var writer = system.ActorOf(CatalogWriter.Props(catalog, settings, nodeName), CatalogWriter.Name);
            system.EventStream.Subscribe(writer, typeof(CatalogEntry));
            system.EventStream.Subscribe(writer, typeof(PeerRefused));
            system.EventStream.Subscribe(writer, typeof(DrillOutcome));
            registry.Register<CatalogWriter>(writer);
            registry.Register<OverdueWatch>(system.ActorOf(OverdueWatch.Props(catalog, overdue, nodeName), OverdueWatch.Name));
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "flush-catalog", async () =>
            {
                try
                {
                    await writer.Ask<CatalogWriter.CatalogFlushed>(CatalogWriter.FlushCatalog.Instance, flushTimeout);
                }
                catch (AskTimeoutException)
                {
                    // Logged by the writer as it fails; the node stops regardless.
                }

                return Done.Instance;
            });
        });
    }
}
