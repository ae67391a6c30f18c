using Akka.Actor;
using AkkaBackup.Node.Output;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Receiver.Retention;
using AkkaBackup.Store.Catalog;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Node.Operator;

/// <summary>
/// The receiver's read queries, shared by its console's <c>--json</c> output and its web dashboard, so both show
/// the same numbers: the fleet summary, the catalog log, the retention plan, the live transfers.
/// </summary>
public static class FleetQueries
{
    private static readonly string[] LogFilters = ["client", "instance", "event", "status", "since", "until", "limit", "offset"];

    /// <summary>The filters <c>log list|search</c> take, in the words the console and the dashboard's query string use.</summary>
    public static IReadOnlyList<string> LogFilterNames => LogFilters;

    /// <summary>A catalog filter from the options of <c>abk log</c> (<paramref name="option"/> gives a named option's text, or null).</summary>
    /// <exception cref="Core.Cli.UsageException">A value is wrong; the message names the option and the value.</exception>
    public static CatalogQuery LogQuery(Func<string, string?> option, string? text)
    {
        var kind = (option("event"), option("status")) switch
        {
            ({ }, { }) => throw new Core.Cli.UsageException("give --event or --status, not both"),
            ({ } e, null) => ConsoleValues.Enum<CatalogEvent>("event", e),
            (null, { } s) => ConsoleValues.Enum<CatalogEvent>("status", s),
            _ => (CatalogEvent?)null,
        };
        return new CatalogQuery(
            option("client"),
            option("instance"),
            kind,
            option("since") is { } since ? ConsoleValues.Instant("since", since) : null,
            option("until") is { } until ? ConsoleValues.Instant("until", until) : null,
            text,
            option("limit") is { } limit ? ConsoleValues.Int("limit", limit, 1, 10_000) : 50,
            option("offset") is { } offset ? ConsoleValues.Int("offset", offset, 0, int.MaxValue) : 0);
    }

    public static async Task<IReadOnlyList<CatalogEntry>> LogAsync(FleetConsole fleet, CatalogQuery query)
    {
        var catalog = await fleet.Catalog.OpenAsync();
        return await catalog.SearchAsync(query);
    }

    /// <summary>Per client/instance over the period, with the dead man's switch as it is now (<c>report summary</c>).</summary>
    public static async Task<FleetSummaryJson> SummaryAsync(FleetConsole fleet, DateTimeOffset since, DateTimeOffset until)
    {
        var catalog = await fleet.Catalog.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var summaries = await catalog.SummarizeAsync(since, until);
        var watches = (await InstanceWatch.AssessAsync(catalog, fleet.Overdue, now)).ToDictionary(w => w.Key);
        var asOf = until < now ? until : now;
        return new FleetSummaryJson(since, until, summaries.Select(s => Summary(s, watches.GetValueOrDefault(s.Key), asOf)).ToList());
    }

    /// <summary><c>catalog forget</c>: stops watching the instance; whether it was watched, and the sentence that says what happened.</summary>
    public static async Task<(bool Forgotten, string Message)> ForgetAsync(FleetConsole fleet, Core.Naming.InstanceKey instance)
    {
        var catalog = await fleet.Catalog.OpenAsync();
        if (await catalog.ForgetAsync(instance, DateTimeOffset.UtcNow))
        {
            return (true, $"'{instance}' is no longer watched for overdue backups; its next backup makes it watched again.");
        }

        var watched = await catalog.WatchedAsync();
        return (false, $"'{instance}' is not a watched instance; watched: {(watched.Count == 0 ? "none" : string.Join(", ", watched))}");
    }

    /// <summary>The same pass the receiver runs after each stored backup and on its timer, with nothing deleted (<c>retention plan</c>).</summary>
    public static RetentionPassResult RetentionPlan(ReceiverSettings settings, RetentionSettings retention) =>
        RetentionPass.Run(settings.StoreDirectory, retention.Policies, DateTimeOffset.UtcNow, dryRun: true);

    /// <summary>Every transfer holding a slot and every client waiting for one, from the gateway (<c>node status</c>).</summary>
    public static Task<ReceiverStatus> TransfersAsync(IActorRef gateway) =>
        gateway.Ask<ReceiverStatus>(GetReceiverStatus.Instance, TimeSpan.FromSeconds(30));

    private static FleetInstanceJson Summary(FleetSummary s, InstanceWatch? watch, DateTimeOffset asOf)
    {
        var watched = watch is { Expected.After: not null };
        return new FleetInstanceJson(
            s.Client, s.Instance, s.Filed, s.NotFiled, s.SuccessRate is { } rate ? Math.Round(rate, 4) : null, s.LastSuccess,
            s.LastSuccess is { } last ? Math.Round((asOf - last).TotalSeconds) : null, s.LastType, s.TotalArchiveBytes, s.LastArchiveBytes, s.GrowthBytes, s.GrowthPercent,
            watched ? Math.Round(watch!.Expected.After!.Value.TotalSeconds) : null, watch?.Expected.Source, watched ? watch!.Overdue : null, watched ? watch!.Instance.OverdueSince : null,
            s.LastDrill?.At, s.LastDrill?.Status, s.NextRun,
            watched && s.LastSuccess is { } lastSuccess ? lastSuccess + watch!.Expected.After!.Value : null);
    }
}
