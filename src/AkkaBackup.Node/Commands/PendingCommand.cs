using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Runs;
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
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse("pending", args, ["config"], ["json"]);
        var action = a.Positionals.Count > 0 ? a.Positionals[0] : throw new UsageException("pending: say list, retry <run id> or discard <run id>");
        var runId = action is "retry" or "discard"
            ? (a.Positionals.Count == 2 ? a.Positionals[1] : throw new UsageException($"pending {action}: give exactly one run id (see `akkabackup pending list`)"))
            : null;
        if (action is not ("list" or "retry" or "discard") || (action == "list" && a.Positionals.Count > 1))
        {
            throw new UsageException($"pending: unknown action '{string.Join(' ', a.Positionals)}'; say list, retry <run id> or discard <run id>");
        }

        var json = a.Flag("json");
        var (host, log) = await NodeStartup.ClientAsync(a.RequiredOption("pending", "config"), json ? LogEventLevel.Error : LogEventLevel.Warning);
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
