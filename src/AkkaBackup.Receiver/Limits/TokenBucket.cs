namespace AkkaBackup.Receiver.Limits;

/// <summary>
/// A token bucket that grants in request order: a request larger than what is in the bucket takes it
/// into debt and is told how long to wait, and every later request waits behind that debt. Sessions ask
/// for one chunk at a time, so under load their grants alternate: fair round-robin by construction.
/// The burst is one second of rate (at least the largest request), so an idle bucket does not build up
/// a long full-speed spurt.
/// </summary>
public sealed class TokenBucket(long bytesPerSecond, Func<DateTimeOffset> clock)
{
    private readonly object _gate = new();
    private double _tokens = bytesPerSecond;
    private DateTimeOffset _last = clock();

    public long BytesPerSecond => bytesPerSecond;

    /// <summary>Takes <paramref name="bytes"/> now and returns how long the caller must wait before using them.</summary>
    public TimeSpan Reserve(int bytes)
    {
        lock (_gate)
        {
            var now = clock();
            var burst = Math.Max(bytesPerSecond, bytes);
            _tokens = Math.Min(burst, _tokens + (now - _last).TotalSeconds * bytesPerSecond);
            _last = now;
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / bytesPerSecond);
        }
    }
}
