using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Overdue;

namespace AkkaBackup.Receiver.Tests.Overdue;

/// <summary>How the dead man's switch learns an instance's expected interval, and what overrides the learning.</summary>
public sealed class ExpectedIntervalTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly InstanceKey Main = new("client-1", "main");

    private static readonly OverdueSettings Settings = new(
        TimeSpan.FromMinutes(1), null, TimeSpan.FromDays(2), LearnFrom: 5, Factor: 1.5, LearnedMinimum: TimeSpan.FromHours(1), new Dictionary<InstanceKey, InstanceOverdue>());

    [Fact]
    public void Nightly_backups_with_one_late_night_learn_the_median_day_times_the_factor()
    {
        var filings = Days(0, 1, 2, 3.5, 4);

        var interval = ExpectedInterval.For(Main, filings, Settings);

        // Gaps 1, 1, 1.5, 0.5 days: median 1 day.
        Assert.Equal(new ExpectedInterval(TimeSpan.FromDays(1.5), IntervalSource.Learned), interval);
    }

    [Fact]
    public void Only_the_newest_learn_from_filings_count_so_a_schedule_change_is_learned()
    {
        // Weekly for a long time, then hourly: the last five filings are hourly.
        var filings = Days(0, 7, 14, 21).Concat(Enumerable.Range(1, 5).Select(h => Start.AddDays(21).AddHours(h))).ToList();

        Assert.Equal(TimeSpan.FromHours(1.5), ExpectedInterval.For(Main, filings, Settings).After);
    }

    [Fact]
    public void A_burst_of_manual_backups_never_learns_less_than_the_minimum()
    {
        var filings = Enumerable.Range(0, 5).Select(m => Start.AddMinutes(m)).ToList();

        Assert.Equal(new ExpectedInterval(TimeSpan.FromHours(1), IntervalSource.Learned), ExpectedInterval.For(Main, filings, Settings));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Too_few_filings_to_learn_from_use_until_learned(int count)
    {
        Assert.Equal(new ExpectedInterval(TimeSpan.FromDays(2), IntervalSource.UntilLearned), ExpectedInterval.For(Main, Days([.. Enumerable.Range(0, count).Select(d => (double)d)]), Settings));
    }

    [Fact]
    public void Default_after_replaces_learning_and_an_instances_own_entry_wins_over_both()
    {
        var own = Settings with
        {
            DefaultAfter = TimeSpan.FromHours(30),
            Instances = new Dictionary<InstanceKey, InstanceOverdue>
            {
                [Main] = new(TimeSpan.FromSeconds(5), true),
                [new("client-1", "old")] = new(null, false),
                [new("client-1", "plain")] = new(null, true),
            },
        };
        var filings = Days(0, 1, 2, 3);

        Assert.Equal(new ExpectedInterval(TimeSpan.FromSeconds(5), IntervalSource.Instance), ExpectedInterval.For(Main, filings, own));
        Assert.Equal(new ExpectedInterval(null, IntervalSource.Off), ExpectedInterval.For(new("client-1", "old"), filings, own));
        Assert.Equal(new ExpectedInterval(TimeSpan.FromHours(30), IntervalSource.Default), ExpectedInterval.For(new("client-1", "plain"), filings, own));
        Assert.Equal(new ExpectedInterval(TimeSpan.FromHours(30), IntervalSource.Default), ExpectedInterval.For(new("client-2", "main"), filings, own));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(TimeSpan.FromHours(3), ExpectedInterval.Median([TimeSpan.FromHours(10), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(1)]));
        Assert.Equal(TimeSpan.FromHours(4), ExpectedInterval.Median([TimeSpan.FromHours(10), TimeSpan.FromHours(2), TimeSpan.FromHours(4)]));
    }

    private static List<DateTimeOffset> Days(params double[] days) => days.Select(d => Start.AddDays(d)).ToList();
}
