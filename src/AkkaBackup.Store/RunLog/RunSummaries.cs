using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.RunLog;

/// <summary>Computes per-instance (and per backup type) summaries from run records; see <see cref="InstanceRunSummary"/> for what counts.</summary>
public static class RunSummaries
{
    public static IReadOnlyList<InstanceRunSummary> Compute(IEnumerable<RunRecord> runs) =>
        runs.Where(r => r.Status != RunStatus.Running)
            .GroupBy(r => (r.Instance, r.Type))
            .OrderBy(g => g.Key.Instance, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Type)
            .Select(Summarise)
            .ToList();

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static TimeSpan? Percentile(IReadOnlyCollection<TimeSpan> values, int percent)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Max(rank, 1) - 1];
    }

    private static InstanceRunSummary Summarise(IGrouping<(string Instance, BackupType Type), RunRecord> runs)
    {
        var finished = runs.ToList();
        var succeeded = finished.Where(r => r.Status == RunStatus.Succeeded).ToList();
        // A refused or skipped run counts against the success rate, but it took no time and stopped nothing.
        var ran = finished.Where(r => r.Status is not (RunStatus.Refused or RunStatus.Skipped)).ToList();
        var durations = ran.Select(r => r.Duration).OfType<TimeSpan>().ToList();
        var downtimes = ran.Select(r => r.Downtime).OfType<TimeSpan>().ToList();
        var sizes = succeeded.Select(r => r.ArchiveBytes).OfType<long>().ToList();
        return new InstanceRunSummary(
            runs.Key.Instance,
            runs.Key.Type,
            finished.Count,
            succeeded.Count,
            (double)succeeded.Count / finished.Count,
            Average(durations),
            Percentile(durations, 95),
            Average(downtimes),
            Percentile(downtimes, 95),
            sizes.Sum(),
            sizes.Count == 0 ? null : sizes.Sum() / sizes.Count,
            succeeded.Count == 0 ? null : succeeded.Max(r => r.EndedAt ?? r.StartedAt));
    }

    private static TimeSpan? Average(IReadOnlyCollection<TimeSpan> values) =>
        values.Count == 0 ? null : TimeSpan.FromTicks((long)values.Average(v => v.Ticks));
}
