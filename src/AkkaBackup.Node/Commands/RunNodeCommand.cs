using AkkaBackup.Node.Cli;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup receiver|client --config F</c>: a long-running node; SIGTERM or Ctrl-C stops it gracefully.</summary>
public static class RunNodeCommand
{
    public static async Task<int> RunAsync(string role, IReadOnlyList<string> args)
    {
        var a = Arguments.Parse(role, args, ["config"], []);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"{role}: unexpected argument '{a.Positionals[0]}'");
        }

        var configPath = a.RequiredOption(role, "config");
        var (host, log) = role == "receiver"
            ? NodeStartup.Receiver(configPath)
            : await NodeStartup.ClientAsync(configPath, LogEventLevel.Information, longRunning: true);
        using (host)
        {
            // "started" only once the actor system and every actor of the role exist: tests, consoles and
            // service managers take this line as "ready".
            await host.StartAsync();
            log.Information("{Role} node started; stop it with SIGTERM or Ctrl-C", role);
            await host.WaitForShutdownAsync();
        }

        log.Information("{Role} node stopped", role);
        return 0;
    }
}
