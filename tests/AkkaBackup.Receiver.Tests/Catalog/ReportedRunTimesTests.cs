using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Catalog;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Receiver.Tests.Catalog;

/// <summary>What a client says about its run's downtime and its next run is checked before it is filed: a peer may lie.</summary>
public sealed class ReportedRunTimesTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Filed = Opened.AddMinutes(30);

    private static readonly ArchiveDescription Description = new(
        "host", "db1", "main", "10.11", "/var/lib/mysql", 1, 1, "zip/deflate", Opened, [], "run-1", "cold", "all");

    [Fact]
    public void Honest_values_are_kept_and_an_older_client_that_says_nothing_is_unknown_not_zero()
    {
        var honest = ReportedRunTimes.Check(Completion(TimeSpan.FromMinutes(12), Filed.AddDays(1)), Opened, Filed);
        var hot = ReportedRunTimes.Check(Completion(TimeSpan.Zero, null), Opened, Filed);
        var old = ReportedRunTimes.Check(Completion(null, null), Opened, Filed);

        Assert.Equal(new ReportedRunTimes(TimeSpan.FromMinutes(12), Filed.AddDays(1), []), honest with { Problems = [] });
        Assert.Empty(honest.Problems);
        Assert.Equal(TimeSpan.Zero, hot.Downtime);
        Assert.Null(old.Downtime);
        Assert.Null(old.NextRun);
        Assert.Empty(old.Problems);
    }

    [Fact]
    public void A_clock_a_few_minutes_apart_is_tolerated()
    {
        var checkedTimes = ReportedRunTimes.Check(Completion(TimeSpan.FromMinutes(35), Filed.AddMinutes(-5)), Opened, Filed);

        Assert.Empty(checkedTimes.Problems);
        Assert.Equal(TimeSpan.FromMinutes(35), checkedTimes.Downtime);
    }

    [Theory]
    [InlineData(-1L, "the reported downtime of -1 ms is negative")]
    [InlineData(2_400_001L, "the reported downtime of 2400001 ms is longer than the transfer has existed (1800000 ms, plus 10 min for clocks)")]
    [InlineData(long.MaxValue / 10_000, "the reported downtime of 922337203685477 ms is longer")]
    public void A_downtime_below_zero_or_longer_than_the_transfer_is_unknown_and_named(long milliseconds, string problem)
    {
        var downtime = TimeSpan.FromTicks(milliseconds * TimeSpan.TicksPerMillisecond);

        var checkedTimes = ReportedRunTimes.Check(Completion(downtime, Filed.AddHours(1)), Opened, Filed);

        Assert.Null(checkedTimes.Downtime);
        Assert.StartsWith(problem, Assert.Single(checkedTimes.Problems));
        Assert.Equal(Filed.AddHours(1), checkedTimes.NextRun);
    }

    [Theory]
    [InlineData(-11, "the reported next run 2026-12-05 02:19:00Z is in the past")]
    [InlineData(401 * 24 * 60, "the reported next run 2028-01-10 02:30:00Z is more than 400 days ahead")]
    public void A_next_run_in_the_past_or_beyond_400_days_is_unknown_and_named(int minutesFromFiling, string problem)
    {
        var checkedTimes = ReportedRunTimes.Check(Completion(TimeSpan.FromSeconds(5), Filed.AddMinutes(minutesFromFiling)), Opened, Filed);

        Assert.Null(checkedTimes.NextRun);
        Assert.Equal(problem, Assert.Single(checkedTimes.Problems));
        Assert.Equal(TimeSpan.FromSeconds(5), checkedTimes.Downtime);
    }

    private static CompleteTransfer Completion(TimeSpan? downtime, DateTimeOffset? nextRun) =>
        new("20261205020000-0123456789abcdef", 10, 1, new string('a', 64), Description) { Downtime = downtime, NextRun = nextRun };
}
