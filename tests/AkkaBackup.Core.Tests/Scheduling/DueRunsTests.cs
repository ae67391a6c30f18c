using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Core.Tests.Scheduling;

public sealed class DueRunsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private static ScheduleDecision Decision(string schedule, string instance, ScheduleVerdict verdict) =>
        new(new ScheduleEntry(new BackupSchedule(schedule, instance, "0 2 * * *", "UTC", MisfirePolicy.RunOnce, true), null, At.AddDays(-1)), verdict, At);

    [Fact]
    public void Two_schedules_of_one_instance_firing_together_make_one_run()
    {
        var runs = DueRuns.Select(
            [Decision("nightly", "db1", ScheduleVerdict.FireOnTime), Decision("catch-up", "db1", ScheduleVerdict.FireMissed), Decision("nightly-2", "db2", ScheduleVerdict.FireOnTime)],
            new HashSet<string>());

        Assert.Equal(["db1", "db2"], runs.Select(r => r.Instance));
        Assert.Equal(["nightly", "catch-up"], runs[0].Firings.Select(f => f.Entry.Schedule.Name));
    }

    [Fact]
    public void An_instance_already_running_gets_no_second_run()
    {
        var runs = DueRuns.Select(
            [Decision("nightly", "db1", ScheduleVerdict.FireOnTime), Decision("nightly-2", "db2", ScheduleVerdict.FireOnTime)],
            new HashSet<string> { "db1" });

        Assert.Equal("db2", Assert.Single(runs).Instance);
    }

    [Fact]
    public void Skipped_and_broken_schedules_start_nothing()
    {
        var runs = DueRuns.Select(
            [Decision("a", "db1", ScheduleVerdict.SkipMissed), Decision("b", "db2", ScheduleVerdict.Broken)],
            new HashSet<string>());

        Assert.Empty(runs);
    }
}
