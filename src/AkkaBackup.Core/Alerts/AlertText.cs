using System.Globalization;
using System.Text;

namespace AkkaBackup.Core.Alerts;

/// <summary>How an alert reads as text, shared by every channel so that an email and a chat message say the same.</summary>
public static class AlertText
{
    /// <summary>One line: severity, title and the repeats held back. Control characters become spaces (it becomes an email subject).</summary>
    public static string Headline(Alert alert)
    {
        var headline = $"[{alert.Severity.ToString().ToUpperInvariant()}] {alert.Title}";
        if (alert.SuppressedRepeats > 0)
        {
            headline += $" ({RepeatsNote(alert.SuppressedRepeats)})";
        }

        return new string(headline.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }

    /// <summary>The structured part, in the order an operator scans it.</summary>
    public static IReadOnlyList<(string Name, string Value)> Facts(Alert alert)
    {
        List<(string, string)> facts =
        [
            ("Severity", alert.Severity.ToString()),
            ("Kind", alert.Kind.ToString()),
            ("Node", alert.Node),
        ];
        if (alert.Instance is not null)
        {
            facts.Add(("Instance", alert.Instance));
        }

        facts.Add(("Time", Timestamp(alert.Time)));
        if (alert.SuppressedRepeats > 0)
        {
            facts.Add(("Repeats held back", alert.SuppressedRepeats.ToString(CultureInfo.InvariantCulture)));
        }

        return facts;
    }

    /// <summary>Facts, a blank line, then the body verbatim.</summary>
    public static string PlainText(Alert alert)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Facts(alert))
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        return text.Append('\n').Append(alert.Body).Append('\n').ToString();
    }

    /// <summary>ISO 8601 in UTC: unambiguous for operators in any time zone, and sortable.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string RepeatsNote(int suppressedRepeats) =>
        suppressedRepeats == 1 ? "1 repeat held back" : $"{suppressedRepeats} repeats held back";
}
