namespace AkkaBackup.Core.Tests.Alerts;

/// <summary>A clock the test moves by hand, for repeat windows; timers still run on real time.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
