using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Alerts.Delivery;

/// <summary>
/// How hard the outbox tries. The defaults give a dead channel about a minute and a quarter of retries
/// (5 attempts: 5 s, 10 s, 20 s, 40 s apart) and hold at most 100 alerts per channel.
/// </summary>
public sealed record AlertDeliveryPolicy
{
    /// <summary>Repeats of an alert (same deduplication key) within this time of the last one sent are held back. Zero sends every repeat.</summary>
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromMinutes(15);

    public int MaxAttempts { get; init; } = 5;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Alerts waiting per channel; beyond it new alerts for that channel are logged and dropped.</summary>
    public int QueueCapacity { get; init; } = 100;

    /// <summary>Doubles from <see cref="FirstRetryDelay"/> after each failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var doublings = Math.Min(failedAttempts - 1, 30);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    public void Validate()
    {
        if (RepeatWindow < TimeSpan.Zero)
        {
            throw new ConfigurationException($"alerts repeat-window = {RepeatWindow} must not be negative");
        }

        if (MaxAttempts < 1)
        {
            throw new ConfigurationException($"alerts max-attempts = {MaxAttempts} must be at least 1");
        }

        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            throw new ConfigurationException($"alerts retry delays (first {FirstRetryDelay}, max {MaxRetryDelay}) must be positive, first <= max");
        }

        if (QueueCapacity < 1)
        {
            throw new ConfigurationException($"alerts queue-capacity = {QueueCapacity} must be at least 1");
        }
    }
}
