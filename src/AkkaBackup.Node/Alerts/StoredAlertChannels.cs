using Akka.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using StoredChannel = AkkaBackup.Store.Alerts.AlertChannel;

namespace AkkaBackup.Node.Alerts;

/// <summary>
/// Turns an alert channel of the configuration store (<c>abk config alert add</c>) into the settings delivery
/// uses. Its JSON settings take the keys of an entry in <c>akkabackup.alerts.channels</c> (url; host, port,
/// from, to, user, password, security, trusted-ca; command, arguments; timeout) and take their defaults from the
/// node's <c>akkabackup.alerts.channel-defaults</c>; type and min-severity are the channel's own columns.
/// </summary>
public static class StoredAlertChannels
{
    /// <exception cref="ConfigurationException">A value is wrong; the message names the key, never a secret's value.</exception>
    /// <param name="config">The node's configuration, with the channel defaults.</param>
    public static AlertChannelSettings ToSettings(StoredChannel channel, Config config)
    {
        Config settings;
        try
        {
            // HOCON reads JSON; the store has checked that the settings are a JSON object.
            settings = ConfigurationFactory.ParseString(channel.Settings.Reveal());
        }
        catch (Exception)
        {
            // The parser's message may quote the settings, and so a password.
            throw new ConfigurationException("settings cannot be read as channel settings");
        }

        return AlertSettingsReader.Channel(new HoconSection(settings, "settings"), channel.Type, channel.MinSeverity, config);
    }
}
