using Akka.Configuration;
using Akka.Configuration.Hocon;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Node.Alerts;

/// <summary>Reads <c>akkabackup.alerts</c> (both roles): the channels and how hard delivery tries. Refuses bad values at start.</summary>
public static class AlertSettingsReader
{
    private const string Section = "akkabackup.alerts";

    public static AlertSettings Read(Config root)
    {
        var a = root.GetConfig(Section) ?? ConfigurationFactory.Empty;
        var delivery = new AlertDeliveryPolicy
        {
            RepeatWindow = a.GetTimeSpan("repeat-window", TimeSpan.FromMinutes(15)),
            MaxAttempts = a.GetInt("max-attempts", 5),
            FirstRetryDelay = a.GetTimeSpan("first-retry-delay", TimeSpan.FromSeconds(5)),
            MaxRetryDelay = a.GetTimeSpan("max-retry-delay", TimeSpan.FromMinutes(5)),
            QueueCapacity = a.GetInt("queue-capacity", 100),
        };
        Checked(delivery.Validate, Section);

        var values = a.HasPath("channels") ? a.GetValue("channels") : null;
        var list = values is null || values.IsEmpty ? [] : values.GetArray();
        var channels = list.Select((value, i) => Channel(new Config(new HoconRoot(value)), $"{Section}.channels[{i}]")).ToList();
        return new AlertSettings(channels, delivery);
    }

    /// <summary>How long a stopping node waits for queued alerts before it abandons them (each is logged in full).</summary>
    public static TimeSpan ShutdownFlushTimeout(Config root) => root.GetTimeSpan($"{Section}.shutdown-flush-timeout", TimeSpan.FromSeconds(30));

    private static AlertChannelSettings Channel(Config c, string where) =>
        Channel(c, c.GetString("type", ""), Severity(c.GetString("min-severity", "warning"), where), where);

    /// <summary>One channel from its keys (those of an entry in <c>channels</c>); <paramref name="type"/> and <paramref name="minimum"/> are given.</summary>
    /// <exception cref="ConfigurationException">A value is wrong; the message names the key, never a secret's value.</exception>
    public static AlertChannelSettings Channel(Config c, string type, AlertSeverity minimum, string where)
    {
        // Delivery knows no "error": such a channel takes what a person must act on, the critical alerts.
        var severity = minimum.LowestRaised();
        AlertChannelSettings settings = type switch
        {
            "webhook" => new WebhookChannelSettings(Url(c.GetString("url", ""), where), severity),
            "email" => Email(c, severity, where),
            "command" => new CommandChannelSettings(c.GetString("command", ""), (c.GetStringList("arguments") ?? []).ToList(), severity),
            _ => throw new ConfigurationException($"{where}.type = '{type}' must be webhook, email or command"),
        };
        settings = settings with { Timeout = c.GetTimeSpan("timeout", AlertChannelSettings.DefaultTimeout) };
        Checked(settings.Validate, where);
        return settings;
    }

    private static EmailChannelSettings Email(Config c, AlertSeverity severity, string where)
    {
        var securityText = c.GetString("security", "starttls");
        var security = securityText.ToLowerInvariant() switch
        {
            "starttls" => EmailSecurity.StartTls,
            "tls" => EmailSecurity.Tls,
            _ => throw new ConfigurationException($"{where}.security = '{securityText}' must be starttls or tls (there is no plain-text option)"),
        };
        var to = c.GetValue("to") is { } value && !value.IsEmpty && value.IsArray() ? c.GetStringList("to") : [c.GetString("to", "")];
        var user = c.GetString("user", "");
        var password = c.GetString("password", "");
        var ca = c.GetString("trusted-ca", "");
        return new EmailChannelSettings(c.GetString("host", ""), c.GetInt("port", 587), c.GetString("from", ""), to.Where(t => t.Length > 0).ToList(), severity)
        {
            Security = security,
            UserName = user.Length > 0 ? user : null,
            Password = password.Length > 0 ? password : null,
            TrustedCaFile = ca.Length > 0 ? ca : null,
        };
    }

    private static AlertSeverity Severity(string text, string where) =>
        Enum.TryParse<AlertSeverity>(text, ignoreCase: true, out var severity) && Enum.IsDefined(severity)
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
