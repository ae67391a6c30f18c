using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Tests.Overdue;

/// <summary>The once-per-episode rule of the dead man's switch, check by check.</summary>
public sealed class OverdueStepsTests
{
    private static readonly DateTimeOffset LastFiled = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly ExpectedInterval Day = new(TimeSpan.FromDays(1), IntervalSource.Instance);

    [Fact]
    public void An_episode_is_raised_once_then_nothing_until_a_filing_recovers_it_then_a_new_episode_is_raised_again()
    {
        var instance = new WatchedInstance("client-1", "main", LastFiled, null, null);
        var steps = new List<OverdueStep>();
        var now = LastFiled;

        // A check every 6 hours for three days; the episode is remembered as the catalog would.
        for (var check = 0; check < 12; check++, now = now.AddHours(6))
        {
            var step = OverdueSteps.Decide(instance, Day, now);
            steps.Add(step);
            if (step == OverdueStep.RaiseOverdue)
            {
                instance = instance with { OverdueFor = instance.LastFiled, OverdueSince = now };
            }
        }

        Assert.Equal([.. Enumerable.Repeat(OverdueStep.Nothing, 5), OverdueStep.RaiseOverdue, .. Enumerable.Repeat(OverdueStep.Nothing, 6)], steps);

        var filedAgain = instance with { LastFiled = now };
        Assert.Equal(OverdueStep.RaiseRecovered, OverdueSteps.Decide(filedAgain, Day, now.AddMinutes(1)));
        var recovered = filedAgain with { OverdueFor = null, OverdueSince = null };
        Assert.Equal(OverdueStep.Nothing, OverdueSteps.Decide(recovered, Day, now.AddHours(23)));
        Assert.Equal(OverdueStep.RaiseOverdue, OverdueSteps.Decide(recovered, Day, now.AddHours(25)));
    }

    [Fact]
    public void Exactly_the_interval_is_not_yet_overdue()
    {
        var instance = new WatchedInstance("client-1", "main", LastFiled, null, null);

        Assert.Equal(OverdueStep.Nothing, OverdueSteps.Decide(instance, Day, LastFiled.AddDays(1)));
        Assert.Equal(OverdueStep.RaiseOverdue, OverdueSteps.Decide(instance, Day, LastFiled.AddDays(1).AddMilliseconds(1)));
    }

    [Fact]
    public void An_episode_that_ends_without_a_filing_silenced_or_given_a_longer_interval_is_cleared_without_an_alert()
    {
        var overdue = new WatchedInstance("client-1", "main", LastFiled, LastFiled, LastFiled.AddDays(1));
        var now = LastFiled.AddDays(2);

        Assert.Equal(OverdueStep.Clear, OverdueSteps.Decide(overdue, new ExpectedInterval(null, IntervalSource.Off), now));
        Assert.Equal(OverdueStep.Clear, OverdueSteps.Decide(overdue, new ExpectedInterval(TimeSpan.FromDays(3), IntervalSource.Default), now));
        Assert.Equal(OverdueStep.Nothing, OverdueSteps.Decide(new WatchedInstance("client-1", "main", LastFiled, null, null), new ExpectedInterval(null, IntervalSource.Off), now));
    }

    [Fact]
    public void Assessing_a_fleet_learns_each_instances_interval_from_its_own_filings()
    {
        var settings = new OverdueSettings(TimeSpan.FromMinutes(1), null, TimeSpan.FromDays(2), 10, 2, TimeSpan.FromHours(1), new Dictionary<InstanceKey, InstanceOverdue>());
        var hourly = new InstanceKey("client-1", "hourly");
        var fresh = new InstanceKey("client-2", "fresh");
        var now = LastFiled.AddHours(3);
        var filings = new Dictionary<InstanceKey, IReadOnlyList<DateTimeOffset>>
        {
            [hourly] = [.. Enumerable.Range(0, 4).Select(h => LastFiled.AddHours(h - 3))],
            [fresh] = [LastFiled],
        };

        var watches = InstanceWatch.Assess(
            [new WatchedInstance(hourly.Client, hourly.Instance, LastFiled, null, null), new WatchedInstance(fresh.Client, fresh.Instance, LastFiled, null, null)],
            filings, settings, now);

        Assert.Equal((TimeSpan.FromHours(2), true, OverdueStep.RaiseOverdue, LastFiled.AddHours(2)), (watches[0].Expected.After, watches[0].Overdue, watches[0].Step, watches[0].DueBy));
        Assert.Equal((TimeSpan.FromDays(2), false, OverdueStep.Nothing), (watches[1].Expected.After, watches[1].Overdue, watches[1].Step));
        Assert.Equal(TimeSpan.FromHours(3), watches[1].Age);
    }
}
