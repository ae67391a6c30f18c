using AkkaBackup.Client.Runs.Progress;

namespace AkkaBackup.Client.Tests.Runs;

/// <summary>The numbers a person watching a run sees: share done, rates over the last seconds, an ETA that covers the transfer.</summary>
public sealed class ProgressMeterTests
{
    private const long MB = 1_000_000;

    [Fact]
    public void Before_any_data_is_read_nothing_is_claimed()
    {
        var n = new ProgressMeter().Measure(S(3), 0, 1000 * MB, 0, null, 0);

        Assert.Equal(0, n.ArchiveBytesExpected);
        Assert.Equal(0, n.Fraction);
        Assert.Null(n.Eta);
    }

    [Fact]
    public void While_archiving_the_archive_size_is_extrapolated_at_the_ratio_so_far_and_the_share_is_what_the_receiver_holds()
    {
        var n = new ProgressMeter().Measure(S(10), 100 * MB, 1000 * MB, 40 * MB, null, 20 * MB);

        Assert.Equal(400 * MB, n.ArchiveBytesExpected);
        Assert.Equal(0.05, n.Fraction, 6);
    }

    [Fact]
    public void Rates_are_over_the_last_ten_seconds_not_since_the_start()
    {
        var meter = new ProgressMeter();
        long read = 0;

        // 60 s at 10 MB/s, then 10 s at 100 MB/s: an average since the start would say about 23 MB/s.
        for (var t = 0; t <= 60; t++)
        {
            meter.Measure(S(t), read, 10_000 * MB, read / 2, null, read / 2);
            read += 10 * MB;
        }

        read -= 10 * MB;
        ProgressNumbers n = ProgressNumbers.None;
        for (var t = 61; t <= 71; t++)
        {
            read += 100 * MB;
            n = meter.Measure(S(t), read, 10_000 * MB, read / 2, null, read / 2);
        }

        Assert.InRange(n.ReadBytesPerSecond, 90 * MB, 100 * MB);
        Assert.InRange(n.SentBytesPerSecond, 45 * MB, 50 * MB);
    }

    [Fact]
    public void Once_the_archive_is_sealed_the_eta_is_the_time_to_send_the_rest_not_zero()
    {
        var meter = new ProgressMeter();
        meter.Measure(S(100), 1000 * MB, 1000 * MB, 400 * MB, 400 * MB, 100 * MB);

        var n = meter.Measure(S(110), 1000 * MB, 1000 * MB, 400 * MB, 400 * MB, 150 * MB);

        Assert.Equal(400 * MB, n.ArchiveBytesExpected);
        Assert.Equal(0.375, n.Fraction, 6);
        Assert.Equal(5 * MB, n.SentBytesPerSecond, 0);
        Assert.Equal(TimeSpan.FromSeconds(50), n.Eta);
    }

    [Fact]
    public void While_both_run_the_eta_is_the_later_of_reading_the_rest_and_sending_the_rest()
    {
        var meter = new ProgressMeter();
        meter.Measure(S(0), 0, 1000 * MB, 0, null, 0);

        // Read at 100 MB/s (9 s left), archive half the size, sent at 10 MB/s: 490 MB at 10 MB/s is 49 s.
        var n = meter.Measure(S(1), 100 * MB, 1000 * MB, 50 * MB, null, 10 * MB);

        Assert.Equal(500 * MB, n.ArchiveBytesExpected);
        Assert.Equal(TimeSpan.FromSeconds(49), n.Eta);
    }

    [Fact]
    public void A_transfer_that_stalled_for_the_whole_window_has_no_eta_rather_than_a_made_up_one()
    {
        var meter = new ProgressMeter();
        for (var t = 0; t <= 12; t++)
        {
            meter.Measure(S(t), 1000 * MB, 1000 * MB, 400 * MB, 400 * MB, 100 * MB);
        }

        var n = meter.Measure(S(13), 1000 * MB, 1000 * MB, 400 * MB, 400 * MB, 100 * MB);

        Assert.Equal(0, n.SentBytesPerSecond);
        Assert.Null(n.Eta);
    }

    [Fact]
    public void Every_byte_acknowledged_is_the_whole_run_with_nothing_left()
    {
        var meter = new ProgressMeter();
        meter.Measure(S(0), 1000 * MB, 1000 * MB, 400 * MB, 400 * MB, 390 * MB);

        var n = meter.Measure(S(1), 1000 * MB, 1000 * MB, 400 * MB, 400 * MB, 400 * MB);

        Assert.Equal(1, n.Fraction);
        Assert.Equal(TimeSpan.Zero, n.Eta);
    }

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);
}
