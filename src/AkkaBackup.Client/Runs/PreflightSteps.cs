using System.Diagnostics;

namespace AkkaBackup.Client.Runs;

/// <summary>The time each pre-flight check took, in order: "server 12 ms, hot 85 ms, scan 3 ms, …".</summary>
public sealed class PreflightSteps
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _steps = [];
    private TimeSpan _last;

    /// <summary>The check named <paramref name="step"/> ended now.</summary>
    public void Done(string step)
    {
        var now = _clock.Elapsed;
        _steps.Add($"{step} {(now - _last).TotalMilliseconds:0} ms");
        _last = now;
    }

    public override string ToString() => string.Join(", ", _steps);
}
