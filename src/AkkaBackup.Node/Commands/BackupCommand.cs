using Akka.Actor;
using AkkaBackup.Node.Cli;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup backup --config F [--instance N] [--json]</c>: one run on an in-process client node, for scripts and cron.</summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse("backup", args, ["config", "instance"], ["json"]);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"backup: unexpected argument '{a.Positionals[0]}'");
        }

        var json = a.Flag("json");
        var (host, log) = await NodeStartup.ClientAsync(a.RequiredOption("backup", "config"), json ? LogEventLevel.Error : LogEventLevel.Warning);
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            return await RunWaiter.RunAsync(system, watcher => new StartRun(a.Option("instance"), watcher), json);
        }
        finally
        {
            await NodeStartup.StopAsync(host, log);
        }
    }
}
