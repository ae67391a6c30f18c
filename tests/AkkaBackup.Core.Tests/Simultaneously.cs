namespace AkkaBackup.Core.Tests;

/// <summary>Starts many callers at the same instant, to make races happen rather than hope for them.</summary>
public static class Simultaneously
{
    public static async Task<T[]> Run<T>(int callers, Func<T> call)
    {
        using var start = new ManualResetEventSlim();
        var running = Enumerable.Range(0, callers).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                return call();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToList();
        start.Set();
        return await Task.WhenAll(running);
    }
}
