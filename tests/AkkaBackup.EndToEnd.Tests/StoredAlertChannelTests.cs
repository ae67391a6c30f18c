using Akka.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Store.Secrets;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using StoredChannel = AkkaBackup.Store.Alerts.AlertChannel;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>An alert channel of the configuration store, as delivery reads it.</summary>
public sealed class StoredAlertChannelTests
{
    [Fact]
    public void Every_channel_type_is_read_from_its_json_settings_with_the_keys_of_the_hocon_file()
    {
        var webhook = Map("webhook", """{"url": "https://hooks.example.org/T/B/token", "timeout": "5s"}""", AlertSeverity.Info);
        var email = Map("email", """
            {"host": "smtp.example.org", "port": 465, "security": "tls", "user": "u", "password": "smtp-pw-123",
             "from": "a@example.org", "to": ["b@example.org", "c@example.org"]}
            """, AlertSeverity.Warning);
        var command = Map("command", """{"command": "/usr/local/bin/page", "arguments": ["--team", "dba"]}""", AlertSeverity.Critical);

        var hook = Assert.IsType<WebhookChannelSettings>(webhook);
        Assert.Equal((new Uri("https://hooks.example.org/T/B/token"), AlertSeverity.Info, TimeSpan.FromSeconds(5)), (hook.Url, hook.MinimumSeverity, hook.Timeout));
        var mail = Assert.IsType<EmailChannelSettings>(email);
        Assert.Equal(("smtp.example.org", 465, EmailSecurity.Tls, "u", "smtp-pw-123"), (mail.Host, mail.Port, mail.Security, mail.UserName, mail.Password));
        Assert.Equal(["b@example.org", "c@example.org"], mail.To);
        Assert.DoesNotContain("smtp-pw-123", mail.ToString());
        var program = Assert.IsType<CommandChannelSettings>(command);
        Assert.Equal(("/usr/local/bin/page", AlertSeverity.Critical), (program.FileName, program.MinimumSeverity));
        Assert.Equal(["--team", "dba"], program.Arguments);
    }

    [Fact]
    public void A_stored_channel_takes_what_it_leaves_out_from_the_nodes_channel_defaults()
    {
        var node = ConfigurationFactory.ParseString("akkabackup.alerts.channel-defaults.email { port = 2525, timeout = 10s }").WithFallback(ReferenceConfiguration.Config);
        var stored = new StoredChannel("ops", "email", new Secret("""{"host": "smtp.example.org", "from": "a@example.org", "to": "b@example.org"}"""), AlertSeverity.Warning);

        var email = Assert.IsType<EmailChannelSettings>(StoredAlertChannels.ToSettings(stored, node));

        Assert.Equal((2525, TimeSpan.FromSeconds(10), EmailSecurity.StartTls), (email.Port, email.Timeout, email.Security));
    }

    [Theory]
    [InlineData(AlertSeverity.Info, AlertSeverity.Info)]
    [InlineData(AlertSeverity.Warning, AlertSeverity.Warning)]
    [InlineData(AlertSeverity.Error, AlertSeverity.Critical)]
    [InlineData(AlertSeverity.Critical, AlertSeverity.Critical)]
    public void The_stored_severities_map_to_those_of_delivery_and_error_takes_the_critical_alerts(AlertSeverity stored, AlertSeverity delivered)
    {
        Assert.Equal(delivered, Map("webhook", """{"url": "https://hooks.example.org/x"}""", stored).MinimumSeverity);
    }

    [Theory]
    [InlineData("pager", """{"url": "https://x/y"}""", "settings.type = 'pager' must be webhook, email or command")]
    [InlineData("webhook", """{"url": "ftp://x/s3cr3t-token"}""", "webhook url ftp://x/*** must be an absolute http or https URL")]
    [InlineData("webhook", """{"uri": "https://x/y"}""", "settings.url is not an absolute URL")]
    [InlineData("email", """{"host": "h", "from": "a@b.c", "to": "d@e.f", "password": "s3cr3t-pw"}""", "email user and password go together")]
    [InlineData("email", """{"host": "h", "port": 70000, "from": "a@b.c", "to": "d@e.f", "user": "u", "password": "s3cr3t-pw"}""", "email port = 70000 is outside 1..65535")]
    [InlineData("command", """{"arguments": ["s3cr3t-arg"]}""", "alert command is empty")]
    public void A_bad_value_is_refused_naming_it_and_never_quoting_a_secret(string type, string settings, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Map(type, settings, AlertSeverity.Warning));

        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    private static AlertChannelSettings Map(string type, string settings, AlertSeverity severity) =>
        StoredAlertChannels.ToSettings(new StoredChannel("ops", type, new Secret(settings), severity), ReferenceConfiguration.Config);
}
