using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Scheduling;

/// <summary>When an instance's schedules fire next: what a client tells the receiver with each completed transfer.</summary>
public static class NextFiring
{
    /// <summary>The earliest firing after <paramref name="now"/> of the instance's enabled schedules; null without one (a broken schedule never fires).</summary>
    public static DateTimeOffset? Of(IEnumerable<ScheduleEntry> entries, string instance, DateTimeOffset now) =>
        entries.Where(e => e.Schedule.Enabled && e.Schedule.Instance == instance)
            .Select(e => Next(e.Schedule, now))
            .Where(next => next is not null)
            .Min();

    private static DateTimeOffset? Next(BackupSchedule schedule, DateTimeOffset now)
    {
        try
        {
            return CronSchedule.Parse(schedule.Cron, schedule.TimeZone).NextAfter(now);
        }
        catch (ConfigurationException)
        {
            return null;
        }
    }
}
