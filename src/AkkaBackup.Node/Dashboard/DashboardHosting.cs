using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaBackup.Node.Dashboard;

/// <summary>Adds the dashboard to a receiver's host when <c>dashboard.enabled</c>; after the actor system, so it starts once the actors exist.</summary>
public static class DashboardHosting
{
    public static IHostBuilder AddDashboard(this IHostBuilder host, DashboardSettings settings, Func<IActorRef, DashboardSources> sources, Serilog.ILogger log) =>
        !settings.Enabled
            ? host
            : host.ConfigureServices(services => services.AddHostedService(p => new DashboardServer(settings, sources, p.GetRequiredService<ActorRegistry>(), log)));
}
