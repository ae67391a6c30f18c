namespace AkkaBackup.Core.Alerts;

/// <summary>
/// One thing an operator should hear about. <paramref name="Title"/> is one line; <paramref name="Body"/>
/// may have many and, for <see cref="AlertKind.ServerNotRestarted"/>, holds the manual recovery steps
/// verbatim. <paramref name="Instance"/> is null for alerts about a whole node (a full store).
/// </summary>
public sealed record Alert(
    AlertSeverity Severity,
    AlertKind Kind,
    string Node,
    string? Instance,
    string Title,
    string Body,
    DateTimeOffset Time)
{
    /// <summary>Alerts with the same key are repeats of each other and rate-limited together.</summary>
    public string DeduplicationKey { get; init; } = $"{Kind}|{Node}|{Instance}";

    /// <summary>How many repeats of this alert were held back since the last one was sent.</summary>
    public int SuppressedRepeats { get; init; }
}
