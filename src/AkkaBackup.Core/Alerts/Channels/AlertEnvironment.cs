using System.Globalization;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// The environment variables a command gets. Values are passed as data, so no character in an alert
/// (quotes, <c>$( )</c>, newlines) is ever interpreted by a shell unless the command itself evaluates it.
/// </summary>
public static class AlertEnvironment
{
    public const string Prefix = "AKKABACKUP_ALERT_";

    public static IReadOnlyDictionary<string, string> Variables(Alert alert) => new Dictionary<string, string>
    {
        [Prefix + "SEVERITY"] = alert.Severity.ToString(),
        [Prefix + "KIND"] = alert.Kind.ToString(),
        [Prefix + "NODE"] = alert.Node,
        [Prefix + "INSTANCE"] = alert.Instance ?? "",
        [Prefix + "TITLE"] = alert.Title,
        [Prefix + "BODY"] = alert.Body,
        [Prefix + "TIME"] = AlertText.Timestamp(alert.Time),
        [Prefix + "KEY"] = alert.DeduplicationKey,
        [Prefix + "SUPPRESSED"] = alert.SuppressedRepeats.ToString(CultureInfo.InvariantCulture),

        // Ready-made for mail(1) and chat CLIs: subject line and full text.
        [Prefix + "HEADLINE"] = AlertText.Headline(alert),
        [Prefix + "TEXT"] = AlertText.PlainText(alert),
    }.ToDictionary(v => v.Key, v => v.Value.Replace("\0", "", StringComparison.Ordinal));
}
