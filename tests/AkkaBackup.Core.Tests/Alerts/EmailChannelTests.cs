using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;

using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class EmailChannelTests(MailRelayCertificates certs) : IClassFixture<MailRelayCertificates>
{
    private const string User = "alerts@example.org";
    private const string Password = "s3cret-Smtp-pw!";

    [Fact]
    public async Task Sends_over_starttls_after_login_to_every_recipient_with_the_recovery_steps()
    {
        using var relay = new SmtpTestServer(certs.Relay, User, Password);

        await Channel(relay.Port).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None);

        var mail = Assert.Single(relay.Mails);
        Assert.Equal(User, mail.User);
        Assert.Equal("backup@example.org", mail.MailFrom);
        Assert.Equal(["dba@example.org", "oncall@example.org"], mail.RcptTo);
        var from = Assert.Single(mail.Message.From.Mailboxes);
        Assert.Equal(("AkkaBackup", "backup@example.org"), (from.Name, from.Address));
        Assert.Equal(["dba@example.org", "oncall@example.org"], mail.Message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("[CRITICAL] Database server 'main' on db-host-1 is DOWN: it could not be restarted after a backup", mail.Message.Subject);
        Assert.Equal("Critical", mail.Message.Headers[EmailMessage.SeverityHeader]);
        Assert.Equal("ServerNotRestarted", mail.Message.Headers[EmailMessage.KindHeader]);
        var body = mail.Message.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.StartsWith("Severity: Critical\nKind: ServerNotRestarted\nNode: db-host-1\nInstance: main\nTime: 2026-11-25T14:36:50Z\n\n", body);
        Assert.Contains(AlertSamples.RecoverySteps, body);
    }

    [Fact]
    public async Task Sends_over_tls_from_the_first_byte_when_configured()
    {
        using var relay = new SmtpTestServer(certs.Relay, User, Password, implicitTls: true);

        await Channel(relay.Port, security: EmailSecurity.Tls).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None);

        Assert.Equal(User, Assert.Single(relay.Mails).User);
    }

    [Fact]
    public async Task A_refused_login_fails_the_delivery_without_revealing_the_password()
    {
        using var relay = new SmtpTestServer(certs.Relay, User, "the-right-password");

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() =>
            Channel(relay.Port).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None));

        Assert.StartsWith($"email 127.0.0.1:{relay.Port}: ", error.Message);
        Assert.Contains("535", error.Message);
        Assert.DoesNotContain(Password, error.Message);
        Assert.Null(error.InnerException);
        Assert.Empty(relay.Mails);
    }

    [Fact]
    public async Task A_relay_certificate_from_a_ca_we_do_not_trust_is_refused_before_any_login()
    {
        using var relay = new SmtpTestServer(certs.Relay, User, Password);

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() =>
            Channel(relay.Port, trustedCa: certs.OtherCaFile).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None));

        Assert.Contains("certificate", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, relay.LoginAttempts);
        Assert.Empty(relay.Mails);
    }

    private EmailChannel Channel(int port, EmailSecurity security = EmailSecurity.StartTls, string? trustedCa = null) => new(
        new EmailChannelSettings("127.0.0.1", port, "AkkaBackup <backup@example.org>", ["dba@example.org", "oncall@example.org"], AlertSeverity.Warning)
        {
            Security = security,
            UserName = User,
            Password = Password,
            TrustedCaFile = trustedCa ?? certs.CaFile,
        });
}
