using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Core.Tests.Scheduling;

public sealed class SchedulePlannerTests
{
    private static readonly DateTimeOffset Saved = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static ScheduleEntry Nightly(MisfirePolicy misfire = MisfirePolicy.RunOnce, string zone = "UTC", bool enabled = true) =>
        new(new BackupSchedule("nightly", "db1", "0 2 * * *", zone, misfire, enabled), null, Saved);

    private static DateTimeOffset Nov(int day, int hour, int minute, int second = 0) => new(2026, 11, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Nothing_is_due_before_the_first_firing()
    {
        Assert.Empty(SchedulePlanner.Decide([Nightly()], Nov(21, 1, 59, 59)));
    }

    [Fact]
    public void A_firing_noticed_within_the_threshold_fires_on_time()
    {
        var decision = Assert.Single(SchedulePlanner.Decide([Nightly(MisfirePolicy.Skip)], Nov(21, 2, 0, 10)));

        Assert.Equal(ScheduleVerdict.FireOnTime, decision.Verdict);
        Assert.Equal(Nov(21, 2, 0), decision.Occurrence);
        Assert.True(decision.Fires);
    }

    [Fact]
    public void Run_once_collapses_any_number_of_missed_firings_into_one_run()
    {
        // The node was down from the 20th to the 25th at noon: five 02:00 firings were missed.
        var decision = Assert.Single(SchedulePlanner.Decide([Nightly(MisfirePolicy.RunOnce)], Nov(25, 12, 0)));

        Assert.Equal(ScheduleVerdict.FireMissed, decision.Verdict);
        Assert.Equal(Nov(21, 2, 0), decision.Occurrence);
        Assert.True(decision.Fires);
    }

    [Fact]
    public void Skip_drops_missed_firings()
    {
        var decision = Assert.Single(SchedulePlanner.Decide([Nightly(MisfirePolicy.Skip)], Nov(25, 12, 0)));

        Assert.Equal(ScheduleVerdict.SkipMissed, decision.Verdict);
        Assert.False(decision.Fires);
    }

    [Theory]
    [InlineData(MisfirePolicy.RunOnce)]
    [InlineData(MisfirePolicy.Skip)]
    public void Once_the_decision_is_recorded_nothing_is_due_until_the_next_firing(MisfirePolicy misfire)
    {
        var now = Nov(25, 12, 0);
        var recorded = Nightly(misfire) with { SettledUntil = now, LastFired = misfire == MisfirePolicy.RunOnce ? now : null };

        Assert.Empty(SchedulePlanner.Decide([recorded], now.AddMinutes(5)));
        Assert.Equal(Nov(26, 2, 0), SchedulePlanner.NextFiring(recorded, now));
        Assert.Equal(ScheduleVerdict.FireOnTime, Assert.Single(SchedulePlanner.Decide([recorded], Nov(26, 2, 0, 1))).Verdict);
    }

    [Fact]
    public void The_misfire_threshold_decides_what_counts_as_missed()
    {
        var now = Nov(21, 2, 5);

        Assert.Equal(ScheduleVerdict.SkipMissed, Assert.Single(SchedulePlanner.Decide([Nightly(MisfirePolicy.Skip)], now)).Verdict);
        Assert.Equal(ScheduleVerdict.FireOnTime, Assert.Single(SchedulePlanner.Decide([Nightly(MisfirePolicy.Skip)], now, TimeSpan.FromMinutes(10))).Verdict);
    }

    [Fact]
    public void Disabled_schedules_are_never_due_and_have_no_next_firing()
    {
        Assert.Empty(SchedulePlanner.Decide([Nightly(enabled: false)], Nov(25, 12, 0)));
        Assert.Null(SchedulePlanner.NextFiring(Nightly(enabled: false), Nov(25, 12, 0)));
    }

    [Fact]
    public void A_schedule_whose_zone_no_longer_exists_is_reported_broken_without_stopping_the_others()
    {
        var broken = Nightly(zone: "Gone/Away") with { Schedule = Nightly().Schedule with { Name = "old", TimeZone = "Gone/Away" } };

        var decisions = SchedulePlanner.Decide([broken, Nightly()], Nov(21, 2, 0, 1));

        Assert.Equal([ScheduleVerdict.Broken, ScheduleVerdict.FireOnTime], decisions.Select(d => d.Verdict));
        Assert.Contains("schedule 'old' time-zone = 'Gone/Away'", decisions[0].Problem);
    }

    [Fact]
    public void On_the_spring_dst_day_the_skipped_local_time_fires_at_the_end_of_the_gap()
    {
        var entry = new ScheduleEntry(
            new BackupSchedule("nightly", "db1", "30 2 * * *", "Europe/Berlin", MisfirePolicy.Skip, true),
            null,
            new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var endOfGap = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(endOfGap, SchedulePlanner.NextFiring(entry, entry.SettledUntil));
        Assert.Empty(SchedulePlanner.Decide([entry], endOfGap.AddSeconds(-1)));
        var decision = Assert.Single(SchedulePlanner.Decide([entry], endOfGap.AddSeconds(30)));
        Assert.Equal((ScheduleVerdict.FireOnTime, endOfGap), (decision.Verdict, decision.Occurrence!.Value));
    }

    [Fact]
    public void On_the_autumn_dst_day_the_repeated_local_time_fires_once()
    {
        var firstPass = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);
        var entry = new ScheduleEntry(
            new BackupSchedule("nightly", "db1", "30 2 * * *", "Europe/Berlin", MisfirePolicy.RunOnce, true),
            firstPass,
            firstPass.AddSeconds(5));

        // 02:30 local comes round again an hour later (01:30 UTC): it must not fire a second time.
        Assert.Empty(SchedulePlanner.Decide([entry], firstPass.AddHours(1).AddSeconds(10)));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), SchedulePlanner.NextFiring(entry, firstPass.AddHours(1)));
    }
}
