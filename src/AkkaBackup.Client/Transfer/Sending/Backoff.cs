using AkkaBackup.Client.Configuration;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>Exponential backoff with jitter (0.5x to 1.5x) and a cap, so many clients do not retry in step.</summary>
public static class Backoff
{
    /// <param name="attempt">0 for the first retry after progress.</param>
    /// <param name="jitter">A random number in [0, 1), drawn by the caller: the delay is a pure function of its inputs.</param>
    public static TimeSpan Delay(RetryPolicy policy, int attempt, double jitter)
    {
        var exponential = policy.Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, policy.Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + jitter));
    }
}
