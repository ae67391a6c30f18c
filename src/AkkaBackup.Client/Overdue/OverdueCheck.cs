using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store;

namespace AkkaBackup.Client.Overdue;

/// <summary>
/// Which instances are overdue, read from the node's store: each instance's <c>overdue-after</c> or its enabled
/// schedules (<see cref="ExpectedInterval"/>), against its newest successful run in the run log. An instance with
/// neither is not watched. Used by the <see cref="OverdueWatch"/> and by the console (<c>node status</c>, <c>report summary</c>).
/// </summary>
public static class OverdueCheck
{
    /// <param name="watchedSince">An instance without any successful run is overdue this long after this moment (the node's start).</param>
    public static async Task<IReadOnlyList<InstanceOverdue>> EvaluateAsync(NodeStore store, DateTimeOffset watchedSince, DateTimeOffset now, CancellationToken ct = default)
    {
        var instances = await store.Instances.ListAsync(ct);
        var schedules = await store.Schedules.ListAsync(ct);
        var lastSuccesses = await store.RunLog.LastSuccessesAsync(ct);
        var result = new List<InstanceOverdue>();
        foreach (var instance in instances)
        {
            var crons = schedules
                .Where(s => s.Schedule.Enabled && s.Schedule.Instance == instance.Name)
                .Select(s => Parsed(s.Schedule))
                .OfType<CronSchedule>()
                .ToList();
            if (ExpectedInterval.For(instance.OverdueAfter, crons, now) is not { } expected)
            {
                continue;
            }

            DateTimeOffset? last = lastSuccesses.TryGetValue(instance.Name, out var at) ? at : null;
            var dueBy = (last ?? watchedSince) + expected;
            result.Add(new InstanceOverdue(instance.Name, expected, instance.OverdueAfter is null, last, dueBy, now > dueBy));
        }

        return result;
    }

    /// <summary>A schedule that cannot fire is the scheduler's to report; it sets no interval here.</summary>
    private static CronSchedule? Parsed(BackupSchedule schedule)
    {
        try
        {
            return CronSchedule.Parse(schedule.Cron, schedule.TimeZone);
        }
        catch (ConfigurationException)
        {
            return null;
        }
    }
}
