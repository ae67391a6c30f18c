using System.CommandLine;
using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Cli;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Output;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Commands;

/// <summary>
/// <c>akkabackup pending list|retry RUN|discard RUN --config F [--json]</c>: the transfers whose sealed
/// Data.zip was kept after a failure. Retry resumes the transfer (the server is not touched if it answers);
/// discard deletes the kept archive.
/// </summary>
public static class PendingCommand
{
    /// <summary><c>pending list</c>, <c>pending retry &lt;run-id&gt;</c> and <c>pending discard &lt;run-id&gt;</c>; <c>--config</c> and <c>--json</c> go before or after the action.</summary>
    public static Command Create()
    {
        var config = NodeOptions.ClientConfig();
        var json = CliOptions.Json();
        config.Recursive = json.Recursive = true;
        var runId = new Argument<string>("run-id") { Description = "The run whose transfer was kept (see `akkabackup pending list`)." };
        var list = new Command("list", "List the kept transfers: run, instance, size, path, resume token and the failure.");
        list.SetAction(result => RunAsync(result.GetRequiredValue(config), "list", null, result.GetValue(json)));
        var retry = new Command("retry", "Resume one transfer: only what the receiver is missing is sent.") { runId };
        retry.SetAction(result => RunAsync(result.GetRequiredValue(config), "retry", result.GetRequiredValue(runId), result.GetValue(json)));
        var discard = new Command("discard", "Delete one kept Data.zip.") { runId };
        discard.SetAction(result => RunAsync(result.GetRequiredValue(config), "discard", result.GetRequiredValue(runId), result.GetValue(json)));
        return new Command("pending", "Transfers whose sealed archive (Data.zip or Data.xbstream.gz, a complete backup) was kept after a failure: list them, resume one, or delete it.")
        {
            config, json, list, retry, discard,
        };
    }

    private static async Task<int> RunAsync(string configPath, string action, string? runId, bool json)
    {
        var (host, log) = await NodeStartup.ClientAsync(configPath, json ? LogEventLevel.Error : LogEventLevel.Warning);
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var runs = await ActorRegistry.For(system).GetAsync<RunManager>();
            switch (action)
            {
                case "list":
                    var pending = await runs.Ask<PendingTransfers>(ListPending.Instance, TimeSpan.FromSeconds(30));
                    Print(pending, json);
                    return 0;
                case "retry":
                    return await RunWaiter.RunAsync(system, watcher => new RetryPending(runId!, watcher), json);
                default:
                    var answer = await runs.Ask<object>(new DiscardPending(runId!), TimeSpan.FromSeconds(30));
                    if (answer is RunRejected rejected)
                    {
                        Console.Error.WriteLine($"akkabackup: {rejected.Reason}");
                        return 1;
                    }

                    Console.Out.WriteLine($"Discarded the pending transfer of run {runId}; deleted {((PendingDiscarded)answer).ArchivePath}");
                    return 0;
            }
        }
        finally
        {
            await NodeStartup.StopAsync(host, log);
        }
    }

    private static void Print(PendingTransfers pending, bool json)
    {
        if (json)
        {
            // One line: scripts take the line that starts with '['.
            Console.Out.WriteLine(OutputJson.Line(pending.Transfers, OutputJsonContext.Default.IReadOnlyListPendingTransfer));
            return;
        }

        if (pending.Transfers.Count == 0)
        {
            Console.Out.WriteLine("No pending transfers.");
            return;
        }

        foreach (var p in pending.Transfers)
        {
            var token = p.TransferId is null ? "" : $"  resume token {p.TransferId}, {p.Attempts} failed attempt(s)";
            Console.Out.WriteLine($"{p.RunId}  {p.Instance}  {p.ArchiveBytes:N0} bytes  {p.ArchivePath}{token}  failed {p.FailedAt:u}: {p.Error}");
        }
    }
}
