using System.CommandLine;
using Akka.Actor;
using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Cli;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup backup --config F [--instance N] [--json]</c>: one run on an in-process client node, for scripts and cron.</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var config = NodeOptions.ClientConfig();
        var instance = CliOptions.Value("--instance", "name", "The instance to back up; without it, the only instance configured.");
        var type = CliOptions.Value("--type", "cold|snapshot|hot", "This run's backup type; without it, the instance's (type in its configuration).");
        var json = CliOptions.Json();
        var command = new Command("backup", """
            Run one backup now and exit: 0 = stored and verified and the server answers,
            1 = failed (server answering), 2 = bad input, 3 = failed AND the server is down.
            """) { config, instance, type, json };
        command.SetAction(result => RunAsync(result.GetRequiredValue(config), result.GetValue(instance), BackupTypes.ParseOption(result.GetValue(type)), result.GetValue(json)));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string? instance, BackupType? type, bool json)
    {
        var (host, log) = await NodeStartup.ClientAsync(configPath, json ? LogEventLevel.Error : LogEventLevel.Warning);
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            return await RunWaiter.RunAsync(system, watcher => new StartRun(instance, watcher, Type: type), json);
        }
        finally
        {
            await NodeStartup.StopAsync(host, log);
        }
    }
}
