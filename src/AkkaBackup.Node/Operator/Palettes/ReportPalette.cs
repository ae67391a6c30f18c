using System.Globalization;
using AkkaBackup.Client.Overdue;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>report summary</c>: per instance over a period, as a table, JSON or CSV.</summary>
public static class ReportPalette
{
    private static readonly string[] Headers =
        ["INSTANCE", "TYPE", "RUNS", "SUCCEEDED", "SUCCESS", "AVG TIME", "P95 TIME", "AVG DOWNTIME", "P95 DOWNTIME", "TOTAL SIZE", "AVG SIZE", "LAST SUCCESS", "OVERDUE"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("report", "summary", "report summary [--since 30d|<date>] [--until <date>] [--csv]",
            "per instance and backup type: runs, success rate, average and p95 duration and downtime, total and average size, last success, overdue now " +
            "(a watched instance without runs in the period gets a row of its own)", ["since", "until"], ["csv"], SummaryAsync),
    ];

    private static async Task<int> SummaryAsync(ConsoleCall call)
    {
        var (since, until) = ConsoleValues.Period(call.Args.Option("since"), call.Args.Option("until"));
        var summaries = await call.Client.Store.RunLog.SummarizeAsync(since, until);
        var overdue = await OverdueCheck.EvaluateAsync(call.Client.Store, call.Client.StartedAt, DateTimeOffset.UtcNow);
        if (call.Json)
        {
            call.WriteJson(new RunSummaryJson(since, until, summaries, overdue), OutputJsonContext.Default.RunSummaryJson);
            return 0;
        }

        var rows = WithIdleInstances(summaries, overdue);
        if (call.Args.Flag("csv"))
        {
            call.Out.WriteLine("instance,type,runs,succeeded,success_rate,avg_duration_s,p95_duration_s,avg_downtime_s,p95_downtime_s,total_archive_bytes,avg_archive_bytes,last_success,overdue");
            foreach (var s in rows)
            {
                call.Out.WriteLine(string.Join(",",
                    s.Instance, s.Type.Name(), s.Runs, s.Succeeded, ConsoleValues.Number(s.SuccessRate), ConsoleValues.Number(s.AverageDuration?.TotalSeconds), ConsoleValues.Number(s.P95Duration?.TotalSeconds),
                    ConsoleValues.Number(s.AverageDowntime?.TotalSeconds), ConsoleValues.Number(s.P95Downtime?.TotalSeconds), s.TotalArchiveBytes, s.AverageArchiveBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
                    s.LastSuccess?.ToString("O", CultureInfo.InvariantCulture) ?? "", OverdueText(s.Instance, overdue)));
            }

            return 0;
        }

        call.Out.WriteLine($"Runs from {ConsoleValues.When(since)} to {ConsoleValues.When(until)}:");
        ConsoleTable.Write(call.Out, Headers, rows.Select(s => Row(s, overdue)));
        return 0;
    }

    /// <summary>A watched instance without a run in the period is the one most likely overdue: it gets a row with no runs.</summary>
    private static IReadOnlyList<InstanceRunSummary> WithIdleInstances(IReadOnlyList<InstanceRunSummary> summaries, IReadOnlyList<InstanceOverdue> overdue) =>
    [
        .. summaries,
        .. overdue.Where(o => summaries.All(s => s.Instance != o.Instance))
            .Select(o => new InstanceRunSummary(o.Instance, BackupType.Cold, 0, 0, 0, null, null, null, null, 0, null, o.LastSuccess)),
    ];

    /// <summary>yes, no, or empty for an instance nobody watches (no overdue-after, no schedules).</summary>
    private static string OverdueText(string instance, IReadOnlyList<InstanceOverdue> overdue) =>
        overdue.FirstOrDefault(o => o.Instance == instance) is { } o ? (o.Overdue ? "yes" : "no") : "";

    private static IReadOnlyList<string> Row(InstanceRunSummary s, IReadOnlyList<InstanceOverdue> overdue) =>
    [
        s.Instance, s.Type.Name(), s.Runs.ToString(CultureInfo.InvariantCulture), s.Succeeded.ToString(CultureInfo.InvariantCulture), (s.SuccessRate * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
        ConsoleValues.Seconds(s.AverageDuration), ConsoleValues.Seconds(s.P95Duration), ConsoleValues.Seconds(s.AverageDowntime), ConsoleValues.Seconds(s.P95Downtime),
        ConsoleValues.Size(s.TotalArchiveBytes), ConsoleValues.Size(s.AverageArchiveBytes), ConsoleValues.When(s.LastSuccess), OverdueText(s.Instance, overdue),
    ];
}
