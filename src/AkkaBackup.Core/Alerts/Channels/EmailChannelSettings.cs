using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// An SMTP submission server and the mailboxes alerts go to. <see cref="TrustedCaFile"/> names a CA
/// certificate (PEM or DER) for a relay with a private CA; without it the system's roots decide.
/// </summary>
public sealed record EmailChannelSettings(string Host, int Port, string From, IReadOnlyList<string> To, AlertSeverity MinimumSeverity)
    : AlertChannelSettings(MinimumSeverity)
{
    public EmailSecurity Security { get; init; } = EmailSecurity.StartTls;

    /// <summary>Null: send without logging in.</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }

    public string? TrustedCaFile { get; init; }

    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ConfigurationException("email host is empty");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ConfigurationException($"email port = {Port} is outside 1..65535");
        }

        if (string.IsNullOrWhiteSpace(From) || To.Count == 0 || To.Any(string.IsNullOrWhiteSpace))
        {
            throw new ConfigurationException("email from and to must each name at least one address");
        }

        if ((UserName is null) != (Password is null))
        {
            throw new ConfigurationException("email user and password go together: set both or neither");
        }
    }

    // The compiler's record ToString would print the password.
    public override string ToString() =>
        $"email {Host}:{Port} ({Security}) from {From} to {string.Join(", ", To)}{(UserName is null ? "" : $" as {UserName}")} (min-severity {MinimumSeverity})";
}
