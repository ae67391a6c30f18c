using Akka;
using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Store;
using Serilog.Extensions.Logging;

namespace AkkaBackup.Node.Alerts;

public static class AlertHosting
{
    /// <summary>Shared by every webhook, the console's <c>config alert test</c> included.</summary>
    public static readonly HttpClient Http = new();

    /// <summary>
    /// Starts <c>/user/alerts</c> on either role; on a client, <paramref name="store"/> adds the configuration
    /// store's channels to those of <paramref name="settings"/>. When the node stops (a one-shot backup included), what is
    /// still queued gets up to <paramref name="flushTimeout"/> to go out before the actor system goes.
    /// </summary>
    public static AkkaConfigurationBuilder AddAlertActors(
        this AkkaConfigurationBuilder builder, AlertSettings settings, string nodeName, TimeSpan flushTimeout, Serilog.ILogger log, NodeStore? store = null)
    {
        return builder.WithActors((system, registry) =>
        {
            var outbox = new CurrentAlertOutbox(settings, store?.AlertChannels, system.Settings.Config, Http, new SerilogLoggerFactory(log).CreateLogger("alerts"));
            var alerts = system.ActorOf(AlertDispatcher.Props(outbox, nodeName), AlertDispatcher.Name);
            registry.Register<AlertDispatcher>(alerts);
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "flush-alerts", async () =>
            {
                await alerts.Ask<AlertDispatcher.AlertsFlushed>(new AlertDispatcher.FlushAlerts(flushTimeout), flushTimeout + TimeSpan.FromSeconds(5));
                await outbox.DisposeAsync();
                return Done.Instance;
            });
        });
    }
}
