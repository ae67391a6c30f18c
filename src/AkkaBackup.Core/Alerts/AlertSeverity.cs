namespace AkkaBackup.Core.Alerts;

/// <summary>How urgent an alert is; a channel takes alerts at or above its minimum. Ordered: compare with &lt; and &gt;.</summary>
public enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}
