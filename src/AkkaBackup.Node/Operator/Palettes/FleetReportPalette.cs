using System.Globalization;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Database;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>A receiver's <c>report summary</c>: per client/instance across the fleet, as a table, JSON or CSV.</summary>
public static class FleetReportPalette
{
    private static readonly string[] Headers =
        ["CLIENT", "INSTANCE", "FILED", "NOT FILED", "SUCCESS", "LAST SUCCESS", "AGE", "TYPE", "TOTAL SIZE", "LAST SIZE", "GROWTH", "EXPECTED", "OVERDUE", "LAST DRILL"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("report", "summary", "report summary [--since 30d|<date>] [--until <date>] [--csv]",
            "per client/instance: backups filed and not (refused, failed, expired), success rate, last success and its age, sizes and growth, expected interval, overdue now, last restore drill and its outcome",
            ["since", "until"], ["csv"], SummaryAsync),
    ];

    private static async Task<int> SummaryAsync(ConsoleCall call)
    {
        var (since, until) = ConsoleValues.Period(call.Args.Option("since"), call.Args.Option("until"));
        var summary = await FleetQueries.SummaryAsync(call.Receiver.Fleet, since, until);
        var rows = summary.Instances;
        if (call.Json)
        {
            call.WriteJson(summary, OutputJsonContext.Default.FleetSummaryJson);
            return 0;
        }

        if (call.Args.Flag("csv"))
        {
            call.Out.WriteLine("client,instance,filed,not_filed,success_rate,last_success,last_success_age_s,last_type,total_archive_bytes,last_archive_bytes,growth_bytes,growth_percent,expected_s,overdue,last_drill_at,last_drill");
            foreach (var r in rows)
            {
                call.Out.WriteLine(string.Join(",",
                    r.Client, r.Instance, r.Filed, r.NotFiled, ConsoleValues.Number(r.SuccessRate), r.LastSuccess?.ToString("O", CultureInfo.InvariantCulture) ?? "", ConsoleValues.Number(r.LastSuccessAgeSeconds),
                    r.LastType?.Name() ?? "", r.TotalArchiveBytes, ConsoleValues.Number(r.LastArchiveBytes), ConsoleValues.Number(r.GrowthBytes), ConsoleValues.Number(r.GrowthPercent), ConsoleValues.Number(r.ExpectedSeconds),
                    r.Overdue switch { true => "yes", false => "no", null => "" }, r.LastDrillAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                    r.LastDrill is { } drill ? EnumText.ToText(drill) : ""));
            }

            return 0;
        }

        call.Out.WriteLine($"Fleet from {ConsoleValues.When(since)} to {ConsoleValues.When(until)} (overdue: as of now):");
        ConsoleTable.Write(call.Out, Headers, rows.Select(Row));
        return 0;
    }

    private static IReadOnlyList<string> Row(FleetInstanceJson r) =>
    [
        r.Client, r.Instance, r.Filed.ToString(CultureInfo.InvariantCulture), r.NotFiled.ToString(CultureInfo.InvariantCulture),
        r.SuccessRate is { } rate ? (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-",
        ConsoleValues.When(r.LastSuccess), r.LastSuccessAgeSeconds is { } age ? OverdueAlerts.Span(TimeSpan.FromSeconds(age)) : "-", r.LastType?.Name() ?? "-",
        ConsoleValues.Size(r.TotalArchiveBytes), ConsoleValues.Size(r.LastArchiveBytes),
        r.GrowthBytes is { } g ? $"{(g >= 0 ? "+" : "-")}{ConsoleValues.Size(Math.Abs(g))}{(r.GrowthPercent is { } p ? $" ({p.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}%)" : "")}" : "-",
        r.ExpectedSeconds is { } e ? OverdueAlerts.Span(TimeSpan.FromSeconds(e)) : "not watched",
        r.Overdue switch { true => "OVERDUE", false => "no", null => "-" },
        r.LastDrill is { } drill ? $"{(drill == CatalogDrillStatus.Passed ? "passed" : EnumText.ToText(drill).ToUpperInvariant())} {ConsoleValues.When(r.LastDrillAt)}" : "-",
    ];
}
