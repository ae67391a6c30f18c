using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Core.Tests.Scheduling;

/// <summary>The next firing a client reports with its completion: the earliest of the instance's enabled schedules.</summary>
public sealed class NextFiringTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_earliest_enabled_schedule_of_the_instance_counts_in_its_own_time_zone()
    {
        var entries = new[]
        {
            Entry("nightly", "main", "0 3 * * *", "UTC"),
            Entry("berlin-noon", "main", "0 12 * * *", "Europe/Berlin"),
            Entry("other", "reporting", "0 11 * * *", "UTC"),
            Entry("paused", "main", "45 10 * * *", "UTC", enabled: false),
        };

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 11, 0, 0, TimeSpan.Zero), NextFiring.Of(entries, "main", Now));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 11, 0, 0, TimeSpan.Zero), NextFiring.Of(entries, "reporting", Now));
    }

    [Fact]
    public void Without_an_enabled_schedule_or_with_a_broken_one_there_is_no_next_run()
    {
        Assert.Null(NextFiring.Of([], "main", Now));
        Assert.Null(NextFiring.Of([Entry("paused", "main", "0 3 * * *", "UTC", enabled: false)], "main", Now));
        Assert.Null(NextFiring.Of([Entry("broken", "main", "not cron", "UTC"), Entry("nowhere", "main", "0 3 * * *", "Mars/Olympus")], "main", Now));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), NextFiring.Of([Entry("broken", "main", "not cron", "UTC"), Entry("nightly", "main", "0 3 * * *", "UTC")], "main", Now));
    }

    private static ScheduleEntry Entry(string name, string instance, string cron, string zone, bool enabled = true) =>
        new(new BackupSchedule(name, instance, cron, zone, MisfirePolicy.RunOnce, enabled), null, Now.AddDays(-1));
}
