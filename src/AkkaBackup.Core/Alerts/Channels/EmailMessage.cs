using MimeKit;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>An alert as a plain-text email: the headline as subject, facts and body as text, headers for mail rules.</summary>
public static class EmailMessage
{
    public const string SeverityHeader = "X-AkkaBackup-Severity";
    public const string KindHeader = "X-AkkaBackup-Kind";

    public static MimeMessage Create(Alert alert, MailboxAddress from, IEnumerable<MailboxAddress> to)
    {
        var message = new MimeMessage
        {
            Subject = AlertText.Headline(alert),
            Date = alert.Time,
            Priority = alert.Severity == AlertSeverity.Critical ? MessagePriority.Urgent : MessagePriority.Normal,
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = AlertText.PlainText(alert) },
        };
        message.From.Add(from);
        message.To.AddRange(to);
        message.Headers.Add(SeverityHeader, alert.Severity.ToString());
        message.Headers.Add(KindHeader, alert.Kind.ToString());
        return message;
    }
}
