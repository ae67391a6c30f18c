using System.Collections.Concurrent;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Limits;

/// <summary>
/// The receiver's write-rate limits, shared by every data-plane session: one bucket for all clients and
/// one per client (each only when configured). A session asks before it writes a chunk and waits out the
/// longer of the two delays; TCP then slows the client down, whose window bounds what is in flight.
/// </summary>
public sealed class BandwidthLimiter
{
    private readonly TokenBucket? _global;
    private readonly long _perClient;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ConcurrentDictionary<string, TokenBucket> _clients = new(StringComparer.Ordinal);

    public BandwidthLimiter(ReceiverLimits limits, Func<DateTimeOffset>? clock = null)
    {
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _global = limits.RateLimit > 0 ? new TokenBucket(limits.RateLimit, _clock) : null;
        _perClient = limits.RateLimitPerClient;
    }

    public bool IsLimited => _global is not null || _perClient > 0;

    /// <summary>How long a session of <paramref name="clientId"/> waits before writing <paramref name="bytes"/>.</summary>
    public TimeSpan Reserve(string clientId, int bytes)
    {
        var own = _perClient > 0 ? _clients.GetOrAdd(clientId, _ => new TokenBucket(_perClient, _clock)).Reserve(bytes) : TimeSpan.Zero;
        var all = _global?.Reserve(bytes) ?? TimeSpan.Zero;
        return own > all ? own : all;
    }

    public async Task ThrottleAsync(string clientId, int bytes, CancellationToken ct)
    {
        var wait = Reserve(clientId, bytes);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }
}
