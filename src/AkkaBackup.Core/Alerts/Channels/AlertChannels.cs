namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>Builds the channel each kind of settings describes.</summary>
public static class AlertChannels
{
    /// <param name="http">Used by webhooks; owned by the caller and shared by all of them.</param>
    public static AlertChannel Create(AlertChannelSettings settings, HttpClient http) => settings switch
    {
        WebhookChannelSettings webhook => new WebhookChannel(webhook, http),
        EmailChannelSettings email => new EmailChannel(email),
        CommandChannelSettings command => new CommandChannel(command),
        _ => throw new ArgumentException($"no alert channel for {settings.GetType().Name}", nameof(settings)),
    };
}
