namespace AkkaBackup.Core.Scheduling;

/// <summary>
/// How long an instance may go without a successful backup before it is overdue: set per instance
/// (<c>overdue-after</c>), or derived from its enabled schedules as one and a half times the longest gap between
/// their firings over the next <see cref="Horizon"/> — so a nightly backup is overdue after 36 h, a missed night
/// alerts the next midday, and a run that takes a while never does.
/// </summary>
public static class ExpectedInterval
{
    /// <summary>Far enough to see a weekly or monthly gap; the firings looked at are capped at <see cref="MaxFirings"/>.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(62);

    public const int MaxFirings = 2000;

    /// <summary>Null when the instance is not watched: no <paramref name="overdueAfter"/> and no enabled schedule that fires.</summary>
    public static TimeSpan? For(TimeSpan? overdueAfter, IEnumerable<CronSchedule> schedules, DateTimeOffset now) =>
        overdueAfter ?? LongestGap(schedules, now) * 1.5;

    /// <summary>The longest time between two consecutive firings of all <paramref name="schedules"/> together, from <paramref name="now"/> on.</summary>
    public static TimeSpan? LongestGap(IEnumerable<CronSchedule> schedules, DateTimeOffset now)
    {
        var firings = new SortedSet<DateTimeOffset>();
        foreach (var schedule in schedules)
        {
            var at = now;
            for (var i = 0; i < MaxFirings && schedule.NextAfter(at) is { } next && next <= now + Horizon; i++)
            {
                firings.Add(next);
                at = next;
            }
        }

        // Counted from now: a schedule that fires once a month is overdue a month and a half after now at worst.
        TimeSpan? longest = null;
        var previous = now;
        foreach (var firing in firings)
        {
            var gap = firing - previous;
            longest = longest is { } l && l >= gap ? l : gap;
            previous = firing;
        }

        // One firing within the horizon: a rare schedule, watched at the horizon's length.
        return firings.Count == 1 ? Horizon : longest;
    }
}
