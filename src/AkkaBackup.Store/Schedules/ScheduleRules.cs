using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Schedules;

/// <summary>The checks on a schedule that need nothing but its values; that its instance exists is checked as it is written.</summary>
public static class ScheduleRules
{
    public static IReadOnlyList<ValidationFailure> Check(BackupSchedule schedule) =>
        new FailureList()
            .Name("name", schedule.Name)
            .Name("instance", schedule.Instance)
            .Parses("cron", () => CronSchedule.Parse(schedule.Cron, TimeZoneInfo.Utc))
            .Parses("time-zone", () => TimeZones.Require(schedule.TimeZone, "time-zone"))
            .Known("misfire", schedule.Misfire)
            .Failures;
}
