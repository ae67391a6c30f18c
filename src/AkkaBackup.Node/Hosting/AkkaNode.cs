using Akka.Configuration;
using Akka.Hosting;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Remoting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace AkkaBackup.Node.Hosting;

/// <summary>
/// What every node has: Serilog, the node's HOCON, Akka.Remote over AkkaBackup's own mutual-TLS transport with its
/// firewall (<see cref="TlsTransport"/>, <see cref="RemotingConfig"/>: untrusted mode, no JSON), our serializers.
/// </summary>
public static class AkkaNode
{
    public static string Version =>
        typeof(AkkaNode).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static IHostBuilder CreateHostBuilder(
        Config config, Serilog.ILogger logger, TlsTransportSetup transport, Action<AkkaConfigurationBuilder> configureRole)
    {
        return Host.CreateDefaultBuilder()
            .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
            // Under systemd (Type=notify) or the Windows Service Control Manager the host reports ready and
            // stops on the service manager's word; elsewhere both are no-ops and Ctrl-C/SIGTERM stop it.
            .UseSystemd()
            .UseWindowsService(o => o.ServiceName = "akkabackup")
            .ConfigureServices(services =>
            {
                // The host must not give up before the actor system's drain of running backups has.
                var drain = HoconSection.Of(config, "akka.coordinated-shutdown.phases.before-service-unbind").Duration("timeout");
                services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + TimeSpan.FromMinutes(1));
                services.AddSerilog(logger, dispose: false);
                services.AddMetricsExport(config);
                services.AddAkka(RemotingConfig.SystemName, builder =>
                {
                    builder.AddHocon(config, HoconAddMode.Prepend);

                    // Last and first: what keeps peers out is not a setting a node's own HOCON can turn off.
                    builder.AddHocon(RemotingConfig.Hocon, HoconAddMode.Prepend);
                    builder.AddSetup(transport);
                    builder.WithCustomSerializer(ProtocolSerializer.Name, [typeof(IProtocolMessage)], system => new ProtocolSerializer(system));
                    builder.WithCustomSerializer(ConsoleSerializer.Name, [typeof(IConsoleMessage)], system => new ConsoleSerializer(system));
                    builder.ConfigureLoggers(l =>
                    {
                        l.ClearLoggers();
                        l.AddLoggerFactory();
                    });
                    configureRole(builder);
                });
            });
    }
}
