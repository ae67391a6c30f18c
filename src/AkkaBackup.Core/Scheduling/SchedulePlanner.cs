using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Scheduling;

/// <summary>
/// Decides which schedules want a run now. Pure: the caller records what it did with each decision
/// (fired or skipped, both at <c>now</c>), which moves the schedule's settled time past the firings decided.
/// </summary>
public static class SchedulePlanner
{
    /// <summary>A firing noticed later than this after its time counts as missed (node down, instance busy).</summary>
    public static readonly TimeSpan DefaultMisfireThreshold = TimeSpan.FromMinutes(1);

    /// <summary>
    /// One decision per enabled schedule that has something to do now; schedules with nothing due are left out.
    /// A firing within the threshold fires on time whatever the policy, and stands for any missed before it.
    /// </summary>
    public static IReadOnlyList<ScheduleDecision> Decide(IEnumerable<ScheduleEntry> entries, DateTimeOffset now, TimeSpan? misfireThreshold = null)
    {
        var threshold = misfireThreshold ?? DefaultMisfireThreshold;
        var decisions = new List<ScheduleDecision>();
        foreach (var entry in entries.Where(e => e.Schedule.Enabled))
        {
            if (Decide(entry, now, threshold) is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    /// <summary>When the schedule fires next after <paramref name="now"/>; null when disabled or never again.</summary>
    /// <exception cref="ConfigurationException">The stored cron expression or time zone does not parse.</exception>
    public static DateTimeOffset? NextFiring(ScheduleEntry entry, DateTimeOffset now)
    {
        if (!entry.Schedule.Enabled)
        {
            return null;
        }

        var from = entry.SettledUntil > now ? entry.SettledUntil : now;
        return Parse(entry.Schedule).NextAfter(from);
    }

    private static ScheduleDecision? Decide(ScheduleEntry entry, DateTimeOffset now, TimeSpan threshold)
    {
        CronSchedule cron;
        try
        {
            cron = Parse(entry.Schedule);
        }
        catch (ConfigurationException e)
        {
            return new ScheduleDecision(entry, ScheduleVerdict.Broken, null, e.Message);
        }

        // Forward searches only: Cronos resolves DST gaps and overlaps going forward, while its backward search
        // answers 01:59:59 for a firing inside a spring gap. Two searches suffice however long the node was down.
        var windowStart = entry.SettledUntil > now - threshold ? entry.SettledUntil : now - threshold;
        if (cron.NextAfter(windowStart) is { } onTime && onTime <= now)
        {
            return new ScheduleDecision(entry, ScheduleVerdict.FireOnTime, onTime);
        }

        if (cron.NextAfter(entry.SettledUntil) is not { } firstMissed || firstMissed > now)
        {
            return null;
        }

        return entry.Schedule.Misfire == MisfirePolicy.RunOnce
            ? new ScheduleDecision(entry, ScheduleVerdict.FireMissed, firstMissed)
            : new ScheduleDecision(entry, ScheduleVerdict.SkipMissed, firstMissed);
    }

    private static CronSchedule Parse(BackupSchedule schedule) =>
        CronSchedule.Parse(schedule.Cron, schedule.TimeZone, $"schedule '{schedule.Name}' cron", $"schedule '{schedule.Name}' time-zone");
}
