using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Core.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData("0 2 * * *", "UTC", "2026-11-25T01:00:00Z", "2026-11-25T02:00:00Z")]
    [InlineData("*/15 * * * * *", "UTC", "2026-11-25T12:00:01Z", "2026-11-25T12:00:15Z")]
    [InlineData("0 2 * * *", "Europe/Berlin", "2026-11-25T00:00:00Z", "2026-11-25T01:00:00Z")]
    [InlineData("0 2 * * *", "America/New_York", "2026-11-25T00:00:00Z", "2026-11-25T07:00:00Z")]
    [InlineData("@daily", "UTC", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z")]
    public void Five_or_six_fields_and_macros_fire_in_their_time_zone(string cron, string zone, string after, string expected)
    {
        var next = CronSchedule.Parse(cron, zone).NextAfter(DateTimeOffset.Parse(after));

        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void A_local_time_skipped_by_the_spring_change_fires_at_the_end_of_the_gap()
    {
        // Europe/Berlin jumps from 02:00 CET to 03:00 CEST on 29 March 2026: 02:30 does not exist that day.
        var cron = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var firings = Firings(cron, Utc(3, 27, 12, 0), 3);

        Assert.Equal([Utc(3, 28, 1, 30), Utc(3, 29, 1, 0), Utc(3, 30, 0, 30)], firings);
    }

    [Fact]
    public void A_local_time_repeated_by_the_autumn_change_fires_once()
    {
        // Europe/Berlin goes back from 03:00 CEST to 02:00 CET on 25 October 2026: 02:30 happens twice.
        var cron = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var firings = Firings(cron, Utc(10, 24, 12, 0), 2);

        Assert.Equal([Utc(10, 25, 0, 30), Utc(10, 26, 1, 30)], firings);
    }

    [Theory]
    [InlineData("61 * * * *", "UTC", "cron = '61 * * * *' is not a cron expression")]
    [InlineData("* * *", "UTC", "cron = '* * *' is not a cron expression")]
    [InlineData("   ", "UTC", "cron is empty")]
    [InlineData("0 2 * * *", "Europe/Atlantis", "time-zone = 'Europe/Atlantis' is not a time zone this machine knows")]
    [InlineData("0 2 * * *", "", "time-zone is empty")]
    public void Bad_expressions_and_zones_are_refused_naming_the_setting(string cron, string zone, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => CronSchedule.Parse(cron, zone));

        Assert.Contains(expected, error.Message);
    }

    private static List<DateTimeOffset> Firings(CronSchedule cron, DateTimeOffset after, int count)
    {
        var firings = new List<DateTimeOffset>();
        var from = after;
        while (firings.Count < count && cron.NextAfter(from) is { } next)
        {
            firings.Add(next);
            from = next;
        }

        return firings;
    }
}
