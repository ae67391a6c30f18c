using System.CommandLine;
using AkkaBackup.Node.Cli;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup receiver|client --config F</c>: a long-running node; SIGTERM or Ctrl-C stops it gracefully.</summary>
public static class RunNodeCommand
{
    public static Command Receiver() =>
        Create("receiver", "Run a receiver node (stores backups) until SIGTERM/Ctrl-C.", NodeOptions.ReceiverConfig());

    public static Command Client() =>
        Create("client", "Run a client node beside a database server (schedules, console, runs) until SIGTERM/Ctrl-C.", NodeOptions.ClientConfig());

    private static Command Create(string role, string description, Option<string> config)
    {
        var command = new Command(role, description) { config };
        command.SetAction(result => RunAsync(role, result.GetRequiredValue(config)));
        return command;
    }

    private static async Task<int> RunAsync(string role, string configPath)
    {
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
