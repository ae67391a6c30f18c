using AkkaBackup.Client.Configuration;

namespace AkkaBackup.Client.Transfer;

/// <summary>Exponential backoff with jitter (0.5x to 1.5x) and a cap, so many clients do not retry in step.</summary>
public static class Backoff
{
    public static TimeSpan Delay(RetryPolicy policy, int attempt)
    {
        var exponential = policy.Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, policy.Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble()));
    }
}
