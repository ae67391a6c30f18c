using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;
using AkkaBackup.Core.Configuration;

using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class AlertSettingsTests
{
    private const string Token = "XyzSecretToken123";
    private const string Password = "s3cret-Smtp-pw!";

    // Building a webhook channel sends nothing; one client serves every test here.
    private static readonly HttpClient Http = new();

    private static readonly EmailChannelSettings Email =
        new("smtp.example.org", 587, "backup@example.org", ["dba@example.org"], AlertSeverity.Critical) { UserName = "backup", Password = Password };

    [Fact]
    public void Settings_that_hold_secrets_print_without_them()
    {
        var webhook = new WebhookChannelSettings(new Uri($"https://hooks.slack.com/services/T1/B2/{Token}"), AlertSeverity.Warning);
        var command = new CommandChannelSettings("/usr/local/bin/page", ["--api-key", Token], AlertSeverity.Critical);

        Assert.Equal("webhook https://hooks.slack.com/*** (min-severity Warning)", webhook.ToString());
        Assert.Equal("email smtp.example.org:587 (StartTls) from backup@example.org to dba@example.org as backup (min-severity Critical)", Email.ToString());
        Assert.Equal("command /usr/local/bin/page (min-severity Critical)", command.ToString());
        Assert.Equal($"webhook https://hooks.slack.com/***", new WebhookChannel(webhook, Http).Name);
    }

    [Fact]
    public void Invalid_channel_settings_are_refused_with_a_message_that_names_the_setting_and_no_secret()
    {
        var ftp = Assert.Throws<ConfigurationException>(() => new WebhookChannelSettings(new Uri($"ftp://files.example.org/{Token}"), AlertSeverity.Info).Validate());
        Assert.Equal("webhook url ftp://files.example.org/*** must be an absolute http or https URL", ftp.Message);

        Assert.Contains("port = 0", Refusal(Email with { Port = 0 }));
        Assert.Contains("user and password go together", Refusal(Email with { Password = null }));
        Assert.Contains("at least one address", Refusal(Email with { To = [] }));
        Assert.Contains("timeout", Refusal(Email with { Timeout = TimeSpan.Zero }));
        Assert.Contains("min-severity", Refusal(Email with { MinimumSeverity = (AlertSeverity)7 }));
        Assert.Equal("email to = 'dba at example' is not a mail address", Refusal(Email with { To = ["dba at example"] }));
        Assert.Equal("alert command is empty", Refusal(new CommandChannelSettings(" ", [], AlertSeverity.Info)));
        Assert.DoesNotContain(Password, Refusal(Email with { Port = 0 }));
    }

    [Fact]
    public void Invalid_delivery_policies_are_refused()
    {
        var policy = new AlertDeliveryPolicy();
        Assert.Contains("max-attempts", PolicyRefusal(policy with { MaxAttempts = 0 }));
        Assert.Contains("repeat-window", PolicyRefusal(policy with { RepeatWindow = TimeSpan.FromSeconds(-1) }));
        Assert.Contains("retry delays", PolicyRefusal(policy with { MaxRetryDelay = TimeSpan.FromSeconds(1) }));
        Assert.Contains("queue-capacity", PolicyRefusal(policy with { QueueCapacity = 0 }));
    }

    [Fact]
    public void Retry_pauses_double_from_the_first_up_to_the_maximum()
    {
        var pauses = Enumerable.Range(1, 8).Select(new AlertDeliveryPolicy().RetryDelay).Select(p => p.TotalSeconds);

        Assert.Equal([5, 10, 20, 40, 80, 160, 300, 300], pauses);
    }

    [Fact]
    public async Task An_outbox_built_from_settings_has_a_channel_of_each_configured_kind()
    {
        using var receiver = new WebhookReceiver();
        var settings = new AlertSettings(
            [new WebhookChannelSettings(receiver.Url("/hook"), AlertSeverity.Warning), Email, new CommandChannelSettings("/bin/true", [], AlertSeverity.Critical)],
            AlertSamples.QuickRetries);

        Assert.Equal(
            ["webhook http://127.0.0.1:" + receiver.Port + "/***", "email smtp.example.org:587", "command /bin/true"],
            settings.Channels.Select(s => AlertChannels.Create(s, Http).Name));

        await using var outbox = AlertOutbox.Create(settings with { Channels = [settings.Channels[0]] }, Http, new RecordingLogger());
        outbox.Post(AlertSamples.ServerDown());
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);
        Assert.Single(receiver.All);
    }

    private static string Refusal(AlertChannelSettings settings) =>
        Assert.Throws<ConfigurationException>(() => AlertChannels.Create(settings, Http)).Message;

    private static string PolicyRefusal(AlertDeliveryPolicy policy) =>
        Assert.Throws<ConfigurationException>(() => new AlertOutbox([], policy, new RecordingLogger())).Message;
}
