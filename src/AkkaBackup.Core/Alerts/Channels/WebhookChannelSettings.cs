using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// An incoming-webhook URL (Slack, Teams, or anything that takes JSON). The URL's path and query are
/// the credential for such webhooks, so only scheme and host are ever printed.
/// </summary>
public sealed record WebhookChannelSettings(Uri Url, AlertSeverity MinimumSeverity) : AlertChannelSettings(MinimumSeverity)
{
    /// <summary>Scheme and host: enough to tell webhooks apart in a log, not enough to post to one.</summary>
    public string SafeUrl => Url.IsAbsoluteUri ? $"{Url.Scheme}://{Url.Authority}/***" : "(not an absolute URL)";

    public override void Validate()
    {
        base.Validate();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttps && Url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConfigurationException($"webhook url {SafeUrl} must be an absolute http or https URL");
        }
    }

    public override string ToString() => $"webhook {SafeUrl} (min-severity {MinimumSeverity})";
}
