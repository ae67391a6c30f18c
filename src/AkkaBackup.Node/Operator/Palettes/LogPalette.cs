using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>log list|search</c>: the run log, filtered.</summary>
public static class LogPalette
{
    private static readonly string[] Filters = ["instance", "status", "since", "until", "limit"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("log", "list", "log list [--instance <name>] [--status running|succeeded|failed|cancelled|refused|skipped] [--since 7d|<date>] [--until <date>] [--limit 50]",
            "runs from the run log, newest first", Filters, [], c => ListAsync(c, null)),
        new("log", "search", "log search <text> [--instance ...] [--status ...] [--since ...] [--until ...] [--limit 50]",
            "runs whose error message, stack trace or failing phase contains the text", Filters, [], c => ListAsync(c, c.Subject("search text"))),
    ];

    public static void Describe(RunRecord run, TextWriter o)
    {
        o.WriteLine($"run {run.RunId} of '{run.Instance}' ({run.Type.Name()}): {run.Status}");
        o.WriteLine($"  started {ConsoleValues.When(run.StartedAt)}, ended {ConsoleValues.When(run.EndedAt)}, took {ConsoleValues.Seconds(run.Duration)}, server down {ConsoleValues.Seconds(run.Downtime)}");
        o.WriteLine($"  data {ConsoleValues.Size(run.DataBytes)}, archive {ConsoleValues.Size(run.ArchiveBytes)}, SHA-256 {run.Sha256 ?? "-"}, stored as {run.StoredName ?? "-"}");
        if (run.ToLsn is not null)
        {
            o.WriteLine($"  hot copy: redo log from LSN {run.FromLsn ?? "?"} to {run.ToLsn}");
        }

        o.WriteLine($"  phases: {string.Join(", ", run.Phases.Select(p => $"{p.Phase} {p.Duration.TotalMilliseconds:0} ms"))}");
        if (run.Error is { } e)
        {
            var reachable = e.State.ServerReachable switch { true => "answering", false => "DOWN", null => "unknown" };
            o.WriteLine($"  error in {e.State.Phase}: {e.Message}");
            o.WriteLine($"  at that time: free disk {ConsoleValues.Size(e.State.FreeDiskBytes)}, free memory {ConsoleValues.Size(e.State.MemoryBytes)}, server {reachable}");
            if (e.StackTrace is { } trace)
            {
                o.WriteLine("  " + trace.ReplaceLineEndings("\n  "));
            }
        }
    }

    private static async Task<int> ListAsync(ConsoleCall call, string? text)
    {
        var a = call.Args;
        var query = new RunLogQuery(
            a.Option("instance"),
            a.Option("status") is { } status ? ConsoleValues.Enum<RunStatus>("status", status) : null,
            a.Option("since") is { } since ? ConsoleValues.Instant("since", since) : null,
            a.Option("until") is { } until ? ConsoleValues.Instant("until", until) : null,
            text,
            a.Option("limit") is { } limit ? ConsoleValues.Int("limit", limit, 1, 10_000) : 50);
        var runs = await call.Client.Store.RunLog.SearchAsync(query);
        if (call.Json)
        {
            call.WriteJson(runs, OutputJsonContext.Default.IReadOnlyListRunRecord);
            return 0;
        }

        if (runs.Count == 0)
        {
            call.Out.WriteLine("No runs match.");
            return 0;
        }

        ConsoleTable.Write(call.Out, ["RUN", "INSTANCE", "TYPE", "STARTED", "TOOK", "STATUS", "DOWNTIME", "ARCHIVE", "ERROR"], runs.Select(r => (IReadOnlyList<string>)
        [
            r.RunId, r.Instance, r.Type.Name(), ConsoleValues.When(r.StartedAt), ConsoleValues.Seconds(r.Duration), r.Status.ToString().ToLowerInvariant(),
            ConsoleValues.Seconds(r.Downtime), ConsoleValues.Size(r.ArchiveBytes), Shorten(r.Error?.Message),
        ]));
        return 0;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..77] + "...";
}
