namespace AkkaBackup.Core.Alerts.Delivery;

/// <summary>
/// Holds back repeats: after an alert is sent, alerts with its deduplication key are counted, not sent,
/// until the window has passed; the next one sent then says how many were held back. Thread-safe.
/// </summary>
internal sealed class RepeatLimiter(TimeSpan window)
{
    private readonly Dictionary<string, LastSent> _lastSent = new(StringComparer.Ordinal);

    /// <summary>The alert to send, carrying the count held back before it; null for a repeat to hold back.</summary>
    public Alert? Admit(Alert alert, DateTimeOffset now)
    {
        lock (_lastSent)
        {
            Forget(now);
            if (_lastSent.TryGetValue(alert.DeduplicationKey, out var last) && now - last.At < window)
            {
                last.HeldBack++;
                return null;
            }

            _lastSent[alert.DeduplicationKey] = new LastSent(now);
            return last is { HeldBack: > 0 } ? alert with { SuppressedRepeats = alert.SuppressedRepeats + last.HeldBack } : alert;
        }
    }

    /// <summary>
    /// Drops keys whose window has passed with nothing held back, so memory follows the keys in use. Keys
    /// with a count stay until their next alert reports it.
    /// </summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, last) in _lastSent)
        {
            if (last.HeldBack == 0 && now - last.At >= window)
            {
                _lastSent.Remove(key);
            }
        }
    }

    private sealed class LastSent(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public int HeldBack { get; set; }
    }
}
