using Akka.Configuration;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Receiver.Configuration;
using Microsoft.Extensions.Hosting;
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
        var tls = NodeTls.Load(NodeConfiguration.ReadTls(config, directory), settings.NodeName);
        Directory.CreateDirectory(settings.StagingDirectory);
        JournalLock.Acquire(settings.JournalFile);
        var log = Logging.Create(config, "client", directory, consoleLevel);
        if (settings.TestHooks.AnySet)
        {
            log.Warning("TEST HOOKS ARE SET ({Hooks}): this node corrupts or slows transfers on purpose", settings.TestHooks);
        }

        var store = await ClientStore.OpenAsync(config, settings, tls, log);

        // Akka.Remote admits the node's receivers (each target's is added when a run first goes there) and
        // the consoles; each data-plane connection only the receiver its target names.
        IReadOnlyCollection<string> consoles = longRunning ? config.GetStringList("akkabackup.console.allowed").ToList() : [];
        var remotePeers = new PeerNames([settings.Target.ExpectedName, .. consoles]);
        var remote = PeerCertificateValidator.Growing(tls.TrustedCa, remotePeers);
        var host = AkkaNode.CreateHostBuilder(config, log, tls, remote, "remote", b => b
            .AddAlertActors(alerts, settings.NodeName, AlertSettingsReader.ShutdownFlushTimeout(config), log, store)
            .AddClientActors(settings, tls, remotePeers, consoles, store, longRunning)).Build();
        return (host, log);
    }

    public static (IHost Host, Serilog.ILogger Log) Receiver(string configPath)
    {
        var (config, directory) = Load(configPath);
        var settings = ReceiverSettingsReader.Read(config);
        var retention = RetentionSettingsReader.Read(config, settings.NamingPattern.TimeZone);
        var alerts = AlertSettingsReader.Read(config);
        var tls = NodeTls.Load(NodeConfiguration.ReadTls(config, directory), settings.NodeName);
        Directory.CreateDirectory(settings.PartialDirectory);
        var log = Logging.Create(config, "receiver", directory, LogEventLevel.Information);
        if (settings.VerifyDelay > TimeSpan.Zero)
        {
            log.Warning("TEST HOOKS ARE SET (verify-delay {Delay}): this node slows the final SHA-256 pass on purpose", settings.VerifyDelay);
        }

        // Akka.Remote also admits the consoles; the data plane only the clients.
        var clients = new PeerCertificateValidator(tls.TrustedCa, settings.AllowedClients.ToList());
        var consoles = config.GetStringList("akkabackup.console.allowed").ToList();
        var remote = new PeerCertificateValidator(tls.TrustedCa, [.. settings.AllowedClients, .. consoles]);
        var dataPlane = AkkaBackup.Receiver.DataPlane.DataPlaneListener.Bind(settings);
        var host = AkkaNode.CreateHostBuilder(config, log, tls, remote, "cluster", b => b
            .AddAlertActors(alerts, settings.NodeName, AlertSettingsReader.ShutdownFlushTimeout(config), log)
            .AddReceiverActors(settings, retention, tls, clients, consoles, dataPlane)).Build();
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
        }
        finally
        {
            Console.SetOut(stdout);
            (log as IDisposable)?.Dispose();
        }
    }

    private static (Config Config, string Directory) Load(string configPath)
    {
        var config = NodeConfiguration.Load(configPath);
        return (config, Path.GetDirectoryName(Path.GetFullPath(configPath))!);
    }
}
