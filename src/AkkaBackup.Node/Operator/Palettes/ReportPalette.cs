using System.Globalization;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>report summary</c>: per instance over a period, as a table, JSON or CSV.</summary>
public static class ReportPalette
{
    private static readonly string[] Headers =
        ["INSTANCE", "TYPE", "RUNS", "SUCCEEDED", "SUCCESS", "AVG TIME", "P95 TIME", "AVG DOWNTIME", "P95 DOWNTIME", "TOTAL SIZE", "AVG SIZE", "LAST SUCCESS"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("report", "summary", "report summary [--since 30d|<date>] [--until <date>] [--csv]",
            "per instance and backup type: runs, success rate, average and p95 duration and downtime, total and average size, last success", ["since", "until"], ["csv"], SummaryAsync),
    ];

    private static async Task<int> SummaryAsync(ConsoleCall call)
    {
        var (since, until) = ConsoleValues.Period(call.Args.Option("since"), call.Args.Option("until"));
        var summaries = await call.Client.Store.RunLog.SummarizeAsync(since, until);
        if (call.Json)
        {
            call.WriteJson(new RunSummaryJson(since, until, summaries), OutputJsonContext.Default.RunSummaryJson);
            return 0;
        }

        if (call.Args.Flag("csv"))
        {
            call.Out.WriteLine("instance,type,runs,succeeded,success_rate,avg_duration_s,p95_duration_s,avg_downtime_s,p95_downtime_s,total_archive_bytes,avg_archive_bytes,last_success");
            foreach (var s in summaries)
            {
                call.Out.WriteLine(string.Join(",",
                    s.Instance, s.Type.Name(), s.Runs, s.Succeeded, ConsoleValues.Number(s.SuccessRate), ConsoleValues.Number(s.AverageDuration?.TotalSeconds), ConsoleValues.Number(s.P95Duration?.TotalSeconds),
                    ConsoleValues.Number(s.AverageDowntime?.TotalSeconds), ConsoleValues.Number(s.P95Downtime?.TotalSeconds), s.TotalArchiveBytes, s.AverageArchiveBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
                    s.LastSuccess?.ToString("O", CultureInfo.InvariantCulture) ?? ""));
            }

            return 0;
        }

        call.Out.WriteLine($"Runs from {ConsoleValues.When(since)} to {ConsoleValues.When(until)}:");
        ConsoleTable.Write(call.Out, Headers, summaries.Select(Row));
        return 0;
    }

    private static IReadOnlyList<string> Row(InstanceRunSummary s) =>
    [
        s.Instance, s.Type.Name(), s.Runs.ToString(CultureInfo.InvariantCulture), s.Succeeded.ToString(CultureInfo.InvariantCulture), (s.SuccessRate * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
        ConsoleValues.Seconds(s.AverageDuration), ConsoleValues.Seconds(s.P95Duration), ConsoleValues.Seconds(s.AverageDowntime), ConsoleValues.Seconds(s.P95Downtime),
        ConsoleValues.Size(s.TotalArchiveBytes), ConsoleValues.Size(s.AverageArchiveBytes), ConsoleValues.When(s.LastSuccess),
    ];
}
