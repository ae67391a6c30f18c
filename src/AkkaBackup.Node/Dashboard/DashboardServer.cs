using Akka.Hosting;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Receiver.Drills;
using AkkaBackup.Receiver.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// The receiver's dashboard: a Kestrel server of its own (HTTPS only, on <c>dashboard.hostname:port</c>), started
/// once the receiver's actors exist and stopped with the node. Its routes are explicit; there is no static-file
/// middleware and no file-system path comes from a request.
/// </summary>
public sealed class DashboardServer(DashboardSettings settings, Func<Akka.Actor.IActorRef, DashboardSources> sources, ActorRegistry registry, ILogger log) : IHostedService
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = await registry.GetAsync<ReceiverGateway>(cancellationToken);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "akkabackup-dashboard", ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSerilog(log, dispose: false);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(settings.Address, settings.Port, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(settings.Certificate);
            });
        });
        var app = builder.Build();
        var sessions = new DashboardSessions(settings.Tokens, settings.SessionLifetime, TimeProvider.System);
        var gate = new DashboardGate(sessions);
        var read = sources(gateway) with { Drills = registry.TryGet<DrillScheduler>(out var drills) ? drills : null };
        app.Use((context, next) => gate.InvokeAsync(context, next));
        app.UseRouting();
        DashboardLogin.Map(app, sessions, new LoginThrottle(settings.LoginLimit, TimeProvider.System), log);
        DashboardPages.Map(app, read, DashboardAssets.Load());
        DashboardApi.Map(app, read);
        DashboardActions.Map(app, read, log);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new ConfigurationException($"akkabackup.dashboard: cannot listen on {settings.Address}:{settings.Port}: {e.Message}");
        }

        _app = app;
        log.Information("Dashboard on https://{Address}:{Port}/ ({Tokens} token(s))", settings.Address, settings.Port, settings.Tokens.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }
}
