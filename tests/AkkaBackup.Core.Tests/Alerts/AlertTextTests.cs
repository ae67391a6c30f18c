using AkkaBackup.Core.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class AlertTextTests
{
    [Fact]
    public void The_headline_stays_one_line_so_it_cannot_add_a_mail_header()
    {
        var alert = AlertSamples.Of(AlertSeverity.Warning, "k") with { Title = "two\r\nBcc: someone@example.org", SuppressedRepeats = 1 };

        Assert.Equal("[WARNING] two  Bcc: someone@example.org (1 repeat held back)", AlertText.Headline(alert));
    }

    [Fact]
    public void A_node_wide_alert_lists_no_instance()
    {
        var alert = BackupAlerts.StoreNearlyFull("receiver", "/srv/store", 1L << 30, 10L << 30, AlertSamples.Time);

        Assert.Equal(
            "Severity: Critical\nKind: StoreNearlyFull\nNode: receiver\nTime: 2026-11-25T14:36:50Z\n\n" + alert.Body + "\n",
            AlertText.PlainText(alert));
    }
}
