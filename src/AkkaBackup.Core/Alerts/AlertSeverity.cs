namespace AkkaBackup.Core.Alerts;

/// <summary>
/// How urgent an alert is; a channel takes alerts at or above its minimum. Ordered: compare with &lt; and &gt;.
/// The node's store keeps a channel's minimum by name (<c>info</c>, <c>warning</c>, <c>error</c>,
/// <c>critical</c>), never by number.
/// </summary>
public enum AlertSeverity
{
    Info = 0,
    Warning = 1,

    /// <summary>A channel's minimum only: no alert is raised at it, so a channel at error takes the critical alerts.</summary>
    Error = 2,

    Critical = 3,
}

public static class AlertSeverities
{
    /// <summary>The lowest severity alerts are raised with that a channel at <paramref name="minimum"/> takes: critical for error.</summary>
    public static AlertSeverity LowestRaised(this AlertSeverity minimum) =>
        minimum == AlertSeverity.Error ? AlertSeverity.Critical : minimum;
}
