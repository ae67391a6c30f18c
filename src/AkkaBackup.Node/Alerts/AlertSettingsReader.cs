using Akka.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Node.Alerts;

/// <summary>Reads <c>akkabackup.alerts</c> (both roles): the channels and how hard delivery tries. Refuses bad values at start.</summary>
public static class AlertSettingsReader
{
    private const string Section = "akkabackup.alerts";

    public static AlertSettings Read(Config root)
    {
        var a = HoconSection.Of(root, Section);
        var delivery = new AlertDeliveryPolicy
        {
            RepeatWindow = a.Duration("repeat-window"),
            MaxAttempts = a.Int("max-attempts"),
            FirstRetryDelay = a.Duration("first-retry-delay"),
            MaxRetryDelay = a.Duration("max-retry-delay"),
            QueueCapacity = a.Int("queue-capacity"),
        };
        Checked(delivery.Validate, Section);

        // Akka's HOCON does not count an empty list as an array.
        var values = a.Value("channels");
        var list = values.IsArray() ? values.GetArray() : [];
        var channels = list.Select((value, i) => Channel(HoconSection.Entry(value, $"{Section}.channels[{i}]"), root)).ToList();
        return new AlertSettings(channels, delivery);
    }

    /// <summary>How long a stopping node waits for queued alerts before it abandons them (each is logged in full).</summary>
    public static TimeSpan ShutdownFlushTimeout(Config root) => HoconSection.Of(root, Section).Duration("shutdown-flush-timeout");

    private static AlertChannelSettings Channel(HoconSection entry, Config root)
    {
        var type = entry.IsSet("type") ? entry.String("type") : "";
        var c = OverDefaults(entry, type, root);
        return Channel(c, type, Severity(c.String("min-severity"), entry.Path));
    }

    /// <summary>
    /// One channel from its keys (those of an entry in <c>channels</c>, read over the defaults of its type in
    /// <paramref name="root"/>); <paramref name="type"/> and <paramref name="minimum"/> are given.
    /// </summary>
    /// <exception cref="ConfigurationException">A value is wrong; the message names the key, never a secret's value.</exception>
    public static AlertChannelSettings Channel(HoconSection given, string type, AlertSeverity minimum, Config root) =>
        Channel(OverDefaults(given, type, root), type, minimum);

    private static HoconSection OverDefaults(HoconSection channel, string type, Config root) =>
        type is "webhook" or "email" or "command"
            ? channel.Over(HoconSection.Of(root, ReferenceConfiguration.ChannelDefaults).Section(type))
            : throw new ConfigurationException($"{channel.Path}.type = '{type}' must be webhook, email or command");

    /// <summary><paramref name="type"/> is one of those <see cref="OverDefaults"/> lets through.</summary>
    private static AlertChannelSettings Channel(HoconSection c, string type, AlertSeverity minimum)
    {
        // Delivery knows no "error": such a channel takes what a person must act on, the critical alerts.
        var severity = minimum.LowestRaised();
        AlertChannelSettings settings = type switch
        {
            "webhook" => new WebhookChannelSettings(Url(c.String("url"), c.Path), severity),
            "email" => Email(c, severity),
            _ => new CommandChannelSettings(c.String("command"), c.StringList("arguments").ToList(), severity),
        };
        settings = settings with { Timeout = c.Duration("timeout") };
        Checked(settings.Validate, c.Path);
        return settings;
    }

    private static EmailChannelSettings Email(HoconSection c, AlertSeverity severity)
    {
        var securityText = c.String("security");
        var security = securityText.ToLowerInvariant() switch
        {
            "starttls" => EmailSecurity.StartTls,
            "tls" => EmailSecurity.Tls,
            _ => throw new ConfigurationException($"{c.PathOf("security")} = '{securityText}' must be starttls or tls (there is no plain-text option)"),
        };
        var user = c.String("user");
        var password = c.String("password");
        var ca = c.String("trusted-ca");
        return new EmailChannelSettings(c.String("host"), c.Int("port"), c.String("from"), c.StringOrList("to"), severity)
        {
            Security = security,
            UserName = user.Length > 0 ? user : null,
            Password = password.Length > 0 ? password : null,
            TrustedCaFile = ca.Length > 0 ? ca : null,
        };
    }

    private static AlertSeverity Severity(string text, string where) =>
        EnumNames.TryParse<AlertSeverity>(text, out var severity)
            ? severity
            : throw new ConfigurationException($"{where}.min-severity = '{text}' must be info, warning, error or critical");

    private static Uri Url(string text, string where) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : throw new ConfigurationException($"{where}.url is not an absolute URL");

    /// <summary>The library names the key; this adds where in the file the channel is.</summary>
    private static void Checked(Action validate, string where)
    {
        try
        {
            validate();
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{where}: {e.Message}");
        }
    }
}
