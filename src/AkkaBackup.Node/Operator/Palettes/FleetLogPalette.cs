using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Database;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>A receiver's <c>log list|search</c>: its fleet catalog, filtered the way a client's <c>log</c> filters its run log.</summary>
public static class FleetLogPalette
{
    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("log", "list", $"log list [--client <cn>] [--instance <name>] [--event {EventWords}] [--since 7d|<date>] [--until <date>] [--limit 50] [--offset 0]",
            "the fleet catalog, newest first: filings, refusals, failed and expired transfers, retention deletions, overdue and recovered instances, restore drills (--status is --event; --json gives a drill's tables)",
            [.. FleetQueries.LogFilterNames], [], c => ListAsync(c, null)),
        new("log", "search", "log search <text> [--client ...] [--instance ...] [--event ...] [--since ...] [--until ...] [--limit 50]",
            "catalog rows whose reason, stored name or path, SHA-256, transfer id or peer address contains the text", [.. FleetQueries.LogFilterNames], [], c => ListAsync(c, c.Subject("search text"))),
    ];

    private static string EventWords => string.Join('|', Enum.GetValues<CatalogEvent>().Select(EnumText.ToText));

    private static async Task<int> ListAsync(ConsoleCall call, string? text)
    {
        CatalogQuery query;
        try
        {
            query = FleetQueries.LogQuery(call.Args.Option, text);
        }
        catch (UsageException e)
        {
            throw new UsageException($"{call.Command.Path}: {e.Message}");
        }

        var rows = await FleetQueries.LogAsync(call.Receiver.Fleet, query);
        if (call.Json)
        {
            call.WriteJson(rows.Select(CatalogEntryJson.Of).ToList(), OutputJsonContext.Default.IReadOnlyListCatalogEntryJson);
            return 0;
        }

        if (rows.Count == 0)
        {
            call.Out.WriteLine("No catalog rows match.");
            return 0;
        }

        ConsoleTable.Write(call.Out, ["AT", "EVENT", "CLIENT", "INSTANCE", "TYPE", "SIZE", "TOOK", "WHAT"], rows.Select(r => (IReadOnlyList<string>)
        [
            ConsoleValues.When(r.At), EnumText.ToText(r.Event) + (r.Count > 1 ? $" x{r.Count}" : ""), r.Client ?? r.Peer ?? "-", r.Instance ?? "-", r.Type?.Name() ?? "-",
            ConsoleValues.Size(r.ArchiveBytes), ConsoleValues.Seconds(r.Duration), What(r),
        ]));
        return 0;
    }

    /// <summary>The stored name and SHA-256 of a filing, the rule of a deletion, a drill's outcome, the reason of anything else.</summary>
    public static string What(CatalogEntry r) => r.Event switch
    {
        CatalogEvent.Filed => $"{r.StoredName}  sha256 {r.Sha256}",
        CatalogEvent.Deleted => $"{r.StoredName} by {r.Rule}: {r.Reason}",
        CatalogEvent.Drill when r.Drill is { } drill => Drilled(r, drill),
        _ => Shorten((r.Peer is { } peer && r.Client is not null ? $"from {peer}: " : "") + r.Reason),
    };

    /// <summary>"passed db1_main_….zip: 42 tables checked", or where and why it did not pass.</summary>
    private static string Drilled(CatalogEntry r, CatalogDrill drill) =>
        Shorten(drill.Status == CatalogDrillStatus.Passed
            ? $"passed {r.StoredName}: {drill.Tables.Count} tables checked, {drill.Tables.Count(t => t.Checksum is not null)} checksummed"
            : $"{EnumText.ToText(drill.Status).ToUpperInvariant()} at {drill.FailedStage} {r.StoredName}: {r.Reason}");

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
