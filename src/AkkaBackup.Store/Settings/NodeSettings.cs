namespace AkkaBackup.Store.Settings;

/// <summary>The node-wide settings an operator changes at run time.</summary>
/// <param name="AutoStart">Whether schedules run as soon as the node starts.</param>
/// <param name="Concurrency">How many runs the node works on at once.</param>
/// <param name="LogRetentionDays">Run log entries older than this are pruned.</param>
public sealed record NodeSettings(bool AutoStart, int Concurrency, int LogRetentionDays)
{
    public const string AutoStartKey = "auto-start";
    public const string ConcurrencyKey = "concurrency";
    public const string LogRetentionDaysKey = "log-retention-days";

    internal static NodeSettings From(IReadOnlyDictionary<string, string> values) => new(
        bool.Parse(values[AutoStartKey]),
        int.Parse(values[ConcurrencyKey], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(values[LogRetentionDaysKey], System.Globalization.CultureInfo.InvariantCulture));
}
