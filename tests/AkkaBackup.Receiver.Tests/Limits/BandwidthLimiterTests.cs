using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;

namespace AkkaBackup.Receiver.Tests.Limits;

public sealed class BandwidthLimiterTests
{
    private const int MiB = 1 << 20;

    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void A_bucket_grants_its_burst_at_once_then_makes_each_request_wait_its_share_in_order()
    {
        var bucket = new TokenBucket(10 * MiB, () => _now);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(10 * MiB));
        Assert.Equal(TimeSpan.FromSeconds(0.1), bucket.Reserve(MiB));
        Assert.Equal(TimeSpan.FromSeconds(0.2), bucket.Reserve(MiB));

        _now += TimeSpan.FromSeconds(0.2);
        Assert.Equal(TimeSpan.FromSeconds(0.1), bucket.Reserve(MiB));
    }

    [Fact]
    public void An_idle_bucket_refills_only_up_to_one_second_of_rate()
    {
        var bucket = new TokenBucket(4 * MiB, () => _now);
        bucket.Reserve(4 * MiB);

        _now += TimeSpan.FromHours(1);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(4 * MiB));
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.Reserve(MiB));
    }

    [Fact]
    public void Interleaved_sessions_get_equal_shares_of_the_global_rate()
    {
        var limiter = new BandwidthLimiter(ReceiverLimits.Default with { RateLimit = 8 * MiB }, () => _now);
        limiter.Reserve("a", 8 * MiB);

        // Two sessions asking in turn, one chunk each time: their waits alternate, each gets half the rate.
        var waits = Enumerable.Range(0, 8).Select(i => limiter.Reserve(i % 2 == 0 ? "a" : "b", MiB).TotalSeconds).ToList();

        Assert.Equal([0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0], waits.Select(w => Math.Round(w, 3)));
    }

    [Fact]
    public void A_per_client_limit_slows_only_that_client()
    {
        var limiter = new BandwidthLimiter(ReceiverLimits.Default with { RateLimitPerClient = 2 * MiB }, () => _now);
        limiter.Reserve("a", 2 * MiB);

        Assert.Equal(TimeSpan.FromSeconds(0.5), limiter.Reserve("a", MiB));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("b", MiB));
        Assert.True(limiter.IsLimited);
    }

    [Fact]
    public void The_longer_of_the_global_and_the_client_wait_applies()
    {
        var limiter = new BandwidthLimiter(ReceiverLimits.Default with { RateLimit = 4 * MiB, RateLimitPerClient = MiB }, () => _now);
        limiter.Reserve("a", MiB);

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve("a", MiB));
    }

    [Fact]
    public void Without_limits_nothing_waits()
    {
        var limiter = new BandwidthLimiter(ReceiverLimits.Default, () => _now);

        Assert.False(limiter.IsLimited);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("a", 64 * MiB));
    }
}
