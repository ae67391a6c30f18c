using Akka.Configuration;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Hosting;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Node.Dashboard;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Node.Operator.Hosting;
using AkkaBackup.Receiver.Hosting;
using AkkaBackup.Remoting;
using AkkaBackup.Remoting.Firewall;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Node.Operator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Serilog.Events;

namespace AkkaBackup.Node.Commands;

/// <summary>Parses and checks everything a node needs before any actor starts, so bad config fails fast and named.</summary>
public static class NodeStartup
{
    public static async Task<(IHost Host, Serilog.ILogger Log)> ClientAsync(string configPath, LogEventLevel consoleLevel, bool longRunning = false)
    {
        var (config, directory) = Load(configPath);
        var settings = ClientSettingsReader.Read(config);
        var alerts = AlertSettingsReader.Read(config);
        var tls = TlsConfig.Load(config, directory, settings.NodeName);
        Directory.CreateDirectory(settings.StagingDirectory);
        JournalLock.Acquire(settings.JournalFile);
        var log = Logging.Create(config, "client", directory, consoleLevel);
        if (settings.TestHooks.AnySet)
        {
            log.Warning("TEST HOOKS ARE SET ({Hooks}): this node corrupts or slows transfers on purpose", settings.TestHooks);
        }

        if (settings.SnapshotTools.ZfsStandIns.Count > 0)
        {
            log.Warning("TEST HOOK IS SET (testing.zfs-stand-ins = {StandIns}): these directories are taken for ZFS datasets", settings.SnapshotTools.ZfsStandIns);
        }

        var store = await ClientStore.OpenAsync(config, settings, tls, log);

        // Akka.Remote: consoles may connect in (a long-running node only) and send console requests; the node
        // dials only its receivers (each target's is admitted when a run first goes there), each under the one
        // name its target expects, and takes only answers to its own requests from them.
        IReadOnlyCollection<string> consoles = longRunning ? AllowedConsoles(config).ToList() : [];
        var receivers = new ReceiverDirectory();
        receivers.Admit(settings.Target);
        var policy = new RemotingPolicy(
            Inbound: name => consoles.Contains(name, StringComparer.Ordinal) ? ProtocolRules.ConsoleRequests : null,
            Outbound: address => receivers.ExpectedNameAt(address.Host ?? "", address.Port ?? 0) is { } receiver
                ? new OutboundPeer(receiver, ProtocolRules.ReceiverAnswers)
                : null);
        var transport = new TlsTransportSetup(tls, policy);
        var host = AkkaNode.CreateHostBuilder(config, log, transport, b =>
        {
            b.AddAlertActors(alerts, settings.NodeName, AlertSettingsReader.ShutdownFlushTimeout(config), log, store)
                .AddClientActors(settings, transport, receivers, store, AkkaNode.Version, longRunning);

            // Only the long-running node takes console commands.
            if (longRunning)
            {
                b.AddClientConsole(settings, tls, consoles, store);
            }
        }).Build();
        return (host, log);
    }

    public static (IHost Host, Serilog.ILogger Log) Receiver(string configPath)
    {
        var (config, directory) = Load(configPath);
        var settings = ReceiverSettingsReader.Read(config);
        var retention = RetentionSettingsReader.Read(config, settings.NamingPattern.TimeZone);
        var catalogSettings = CatalogSettingsReader.ReadCatalog(config, settings);
        var overdue = CatalogSettingsReader.ReadOverdue(config);
        var catalog = new CatalogOpener(catalogSettings.File);
        var drills = DrillSettingsReader.Read(config, settings.NamingPattern.TimeZone, settings.StoreDirectory);
        var alerts = AlertSettingsReader.Read(config);
        var tls = TlsConfig.Load(config, directory, settings.NodeName);
        var dashboard = DashboardSettingsReader.Read(config, tls.Certificate, directory);
        Directory.CreateDirectory(settings.PartialDirectory);
        var log = Logging.Create(config, "receiver", directory, LogEventLevel.Information);
        if (settings.VerifyDelay > TimeSpan.Zero)
        {
            log.Warning("TEST HOOKS ARE SET (verify-delay {Delay}): this node slows the final SHA-256 pass on purpose", settings.VerifyDelay);
        }

        // Akka.Remote admits the clients (requests to the gateway) and the consoles (console requests); the
        // receiver never dials anyone. The data plane admits only the clients.
        var clients = new PeerCertificateValidator(tls.TrustedCa, settings.AllowedClients.ToList());
        var consoles = AllowedConsoles(config).ToHashSet(StringComparer.Ordinal);
        var policy = new RemotingPolicy(
            Inbound: name => (settings.AllowedClients.Contains(name), consoles.Contains(name)) switch
            {
                (true, true) => ProtocolRules.ClientRequests.With(ProtocolRules.ConsoleRequests),
                (true, false) => ProtocolRules.ClientRequests,
                (false, true) => ProtocolRules.ConsoleRequests,
                _ => null,
            },
            Outbound: RemotingPolicy.NoOutbound);
        var transport = new TlsTransportSetup(tls, policy);
        var dataPlane = AkkaBackup.Receiver.DataPlane.DataPlaneListener.Bind(settings);
        var flushTimeout = AlertSettingsReader.ShutdownFlushTimeout(config);
        var fleet = new FleetConsole(catalog, overdue);
        var host = AkkaNode.CreateHostBuilder(config, log, transport, b => b
            .AddAlertActors(alerts, settings.NodeName, flushTimeout, log)
            .AddCatalogActors(catalog, catalogSettings, overdue, settings.NodeName, flushTimeout)
            .AddReceiverActors(settings, retention, tls, clients, dataPlane, AkkaNode.Version, drills)
            .AddReceiverConsole(settings, retention, fleet, tls, consoles))
            .AddDashboard(dashboard, gateway => new DashboardSources(settings.NodeName, settings, retention, fleet, gateway), log)
            .Build();
        log.Information("Receiver {Node} {Version}: store {Store}, data plane {Host}:{Port}, allowed clients {Clients}",
            settings.NodeName, AkkaNode.Version, settings.StoreDirectory, settings.DataPlaneHost, settings.DataPlanePort, string.Join(", ", settings.AllowedClients));
        return (host, log);
    }

    /// <summary>
    /// Stops a one-shot command's node. Akka prints its last lines ("Remoting shut down") to stdout after
    /// Serilog is detached; they go to stderr so that stdout holds only the report or the JSON.
    /// </summary>
    public static async Task StopAsync(IHost host, Serilog.ILogger log)
    {
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        try
        {
            await host.StopAsync();

            // A one-shot node lives shorter than an export interval: push what it measured before it exits.
            host.Services.GetService<MeterProvider>()?.ForceFlush(5000);
        }
        finally
        {
            Console.SetOut(stdout);
            (log as IDisposable)?.Dispose();
        }
    }

    /// <summary>The certificate CNs of the consoles this node takes commands from.</summary>
    private static IReadOnlyList<string> AllowedConsoles(Config config) => HoconSection.Of(config, "akkabackup.console").StringList("allowed");

    private static (Config Config, string Directory) Load(string configPath)
    {
        var config = NodeConfiguration.Load(configPath);
        return (config, Path.GetDirectoryName(Path.GetFullPath(configPath))!);
    }
}
