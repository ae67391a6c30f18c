using Akka.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Node.Hosting;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary><c>akkabackup.alerts</c> as a node reads it at start.</summary>
public sealed class AlertConfigurationTests
{
    [Fact]
    public void Every_channel_type_is_read_with_its_severity_and_the_delivery_policy()
    {
        var settings = Read("""
            channels = [
              { type = webhook, url = "https://hooks.slack.com/services/T/B/x", min-severity = info }
              { type = email, host = smtp.example.org, port = 465, security = tls, user = u, password = p, from = "a@example.org", to = "b@example.org" }
              { type = command, command = "/usr/local/bin/page", arguments = ["--team", "dba"], min-severity = critical, timeout = 5s }
            ]
            repeat-window = 1h
            max-attempts = 3
            """);

        Assert.Equal(3, settings.Channels.Count);
        Assert.Equal(AlertSeverity.Info, Assert.IsType<WebhookChannelSettings>(settings.Channels[0]).MinimumSeverity);
        var email = Assert.IsType<EmailChannelSettings>(settings.Channels[1]);
        Assert.Equal((465, EmailSecurity.Tls, "u", AlertSeverity.Warning), (email.Port, email.Security, email.UserName, email.MinimumSeverity));
        Assert.Equal(["b@example.org"], email.To);
        var command = Assert.IsType<CommandChannelSettings>(settings.Channels[2]);
        Assert.Equal(["--team", "dba"], command.Arguments);
        Assert.Equal(TimeSpan.FromSeconds(5), command.Timeout);
        Assert.Equal((TimeSpan.FromHours(1), 3), (settings.Delivery.RepeatWindow, settings.Delivery.MaxAttempts));
    }

    [Fact]
    public void No_channels_is_the_default()
    {
        Assert.Empty(AlertSettingsReader.Read(ReferenceConfiguration.Config).Channels);
    }

    [Theory]
    [InlineData("channels = [{ type = pager }]", "akkabackup.alerts.channels[0].type = 'pager'")]
    [InlineData("channels = [{ type = webhook, url = \"ftp://x/y\" }]", "akkabackup.alerts.channels[0]: webhook url ftp://x/*** must be")]
    [InlineData("channels = [{ type = command, command = \"/bin/true\" }, { type = email, host = h, from = \"a@b.c\", to = \"d@e.f\", user = u }]", "akkabackup.alerts.channels[1]: email user and password go together")]
    [InlineData("channels = [{ type = webhook, url = \"https://x/y\", min-severity = loud }]", "min-severity = 'loud'")]
    [InlineData("channels = [{ type = webhook, url = \"https://x/y\", min-severity = 2 }]", "min-severity = '2' must be info, warning, error or critical")]
    [InlineData("max-attempts = 0", "max-attempts")]
    public void A_bad_channel_is_refused_naming_where_it_is(string alerts, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(alerts));

        Assert.Contains(expected, error.Message);
    }

    private static AlertSettings Read(string alerts) =>
        AlertSettingsReader.Read(ConfigurationFactory.ParseString($"akkabackup.alerts {{ {alerts} }}").WithFallback(ReferenceConfiguration.Config));
}
