using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Core.Tests.Scheduling;

public sealed class ExpectedIntervalTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static CronSchedule Cron(string cron) => CronSchedule.Parse(cron, "UTC");

    [Fact]
    public void A_set_overdue_after_wins_over_the_schedules()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ExpectedInterval.For(TimeSpan.FromSeconds(10), [Cron("0 2 * * *")], Now));
    }

    [Fact]
    public void A_nightly_schedule_makes_the_instance_overdue_after_36_hours()
    {
        Assert.Equal(TimeSpan.FromHours(36), ExpectedInterval.For(null, [Cron("0 2 * * *")], Now));
    }

    [Fact]
    public void The_longest_gap_of_all_schedules_together_counts_weekday_nights_and_the_weekend()
    {
        // Mon-Fri at 02:00: the gap from Friday 02:00 to Monday 02:00 is three days.
        Assert.Equal(TimeSpan.FromDays(3), ExpectedInterval.LongestGap([Cron("0 2 * * 1-5")], Now));

        // A Sunday run beside it leaves Friday to Sunday, two days.
        Assert.Equal(TimeSpan.FromDays(2), ExpectedInterval.LongestGap([Cron("0 2 * * 1-5"), Cron("0 2 * * 0")], Now));
    }

    [Fact]
    public void An_instance_without_overdue_after_or_schedules_is_not_watched()
    {
        Assert.Null(ExpectedInterval.For(null, [], Now));

        // 30 February never comes.
        Assert.Null(ExpectedInterval.For(null, [Cron("0 2 30 2 *")], Now));
    }

    [Fact]
    public void A_schedule_that_fires_every_second_is_looked_at_only_up_to_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), ExpectedInterval.For(null, [Cron("* * * * * *")], Now));
    }
}
