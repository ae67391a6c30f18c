namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>How the SMTP connection is encrypted. There is no plain-text option: alert bodies name hosts and paths.</summary>
public enum EmailSecurity
{
    /// <summary>Connect in plain text, then STARTTLS before anything else (submission port 587). Refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}
