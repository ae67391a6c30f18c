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
        try
        {
            // Said once the actors run, so that whoever waits for this line (a service manager, a test) can use the console at once.
            await host.StartAsync();
            log.Information("{Role} node started; stop it with SIGTERM or Ctrl-C", role);
            await host.WaitForShutdownAsync();
        }
        finally
        {
            host.Dispose();
        }

        log.Information("{Role} node stopped", role);
        return 0;
    }
}
