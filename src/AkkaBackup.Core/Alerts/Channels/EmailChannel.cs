using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// Sends each alert over a fresh SMTP connection (alerts are rare; a pooled connection would only time
/// out between them): TLS as configured, login when a user is set, one message, QUIT.
/// </summary>
public sealed class EmailChannel : AlertChannel
{
    private readonly EmailChannelSettings _settings;
    private readonly MailboxAddress _from;
    private readonly IReadOnlyList<MailboxAddress> _to;
    private readonly MailServerCertificateCheck _certificateCheck;

    public EmailChannel(EmailChannelSettings settings)
        : base(settings.MinimumSeverity, settings.Timeout)
    {
        settings.Validate();
        _settings = settings;
        _from = Address(settings.From, "from");
        _to = settings.To.Select(a => Address(a, "to")).ToList();
        _certificateCheck = new MailServerCertificateCheck(
            settings.TrustedCaFile is null ? null : CertificateAuthority.LoadCaCertificate(settings.TrustedCaFile));
    }

    public override string Name => $"email {_settings.Host}:{_settings.Port}";

    protected override IEnumerable<string> Secrets => _settings.Password is null ? [] : [_settings.Password];

    protected override async Task SendAsync(Alert alert, CancellationToken ct)
    {
        using var smtp = new SmtpClient();
        smtp.ServerCertificateValidationCallback = _certificateCheck.Accept;
        var security = _settings.Security == EmailSecurity.Tls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(_settings.Host, _settings.Port, security, ct);
        if (_settings is { UserName: { } user, Password: { } password })
        {
            await smtp.AuthenticateAsync(user, password, ct);
        }

        await smtp.SendAsync(EmailMessage.Create(alert, _from, _to), ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }

    private static MailboxAddress Address(string text, string setting) =>
        MailboxAddress.TryParse(text, out var address)
            ? address
            : throw new ConfigurationException($"email {setting} = '{text}' is not a mail address");
}
