using System.Text;
using System.Text.Json;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// The JSON body a webhook gets. <c>text</c> is what Slack and Teams incoming webhooks display (Slack
/// mrkdwn, which Teams also renders); both ignore the other members. <c>alert</c> carries every field
/// for receivers that route or template on their own (Teams workflows, Mattermost, a custom service).
/// </summary>
public static class WebhookPayload
{
    public static byte[] Create(Alert alert)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", ChatText(alert));
            json.WriteStartObject("alert");
            json.WriteString("severity", alert.Severity.ToString());
            json.WriteString("kind", alert.Kind.ToString());
            json.WriteString("node", alert.Node);
            json.WriteString("instance", alert.Instance);
            json.WriteString("title", alert.Title);
            json.WriteString("body", alert.Body);
            json.WriteString("time", AlertText.Timestamp(alert.Time));
            json.WriteString("deduplicationKey", alert.DeduplicationKey);
            json.WriteNumber("suppressedRepeats", alert.SuppressedRepeats);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Bold headline, the facts on one line, the body in a code block so that commands copy exactly.</summary>
    private static string ChatText(Alert alert)
    {
        var facts = string.Join(" · ", AlertText.Facts(alert).Skip(1).Select(f => $"{f.Name}: {f.Value}"));
        var text = new StringBuilder()
            .Append('*').Append(Escape(AlertText.Headline(alert))).Append("*\n")
            .Append(Escape(facts)).Append('\n')
            .Append("```\n").Append(Escape(alert.Body.Replace("```", "'''", StringComparison.Ordinal))).Append("\n```");
        return text.ToString();
    }

    /// <summary>The three characters Slack requires escaped; everything else is literal.</summary>
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
