using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;

using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class WebhookChannelTests : IDisposable
{
    // Shaped like a Slack incoming-webhook URL, whose path is the credential.
    private const string TokenPath = "/services/T0001/B0002/XyzSecretToken123";

    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Posts_json_with_a_chat_text_and_every_field_including_the_recovery_steps()
    {
        await Channel(_receiver.Url(TokenPath)).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None);

        var received = Assert.Single(_receiver.All);
        Assert.Equal(TokenPath, received.Path);
        Assert.StartsWith("application/json", received.ContentType);
        var text = received.Json.GetProperty("text").GetString()!;
        Assert.StartsWith("*[CRITICAL] Database server 'main' on db-host-1 is DOWN", text);
        Assert.Contains("\n```\nThe database server 'main' (127.0.0.1:3306) is NOT running. Start it by hand:\n    systemctl start mariadb\n", text);
        Assert.Contains($"kept at {AlertSamples.KeptArchive}; restore it with: akkabackup restore {AlertSamples.KeptArchive} --datadir &lt;empty directory&gt;", text);

        var alert = received.Alert;
        Assert.Equal(AlertSamples.RecoverySteps, alert.GetProperty("body").GetString());
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        Assert.Equal("ServerNotRestarted", alert.GetProperty("kind").GetString());
        Assert.Equal("db-host-1", alert.GetProperty("node").GetString());
        Assert.Equal("main", alert.GetProperty("instance").GetString());
        Assert.Equal("2026-11-25T14:36:50Z", alert.GetProperty("time").GetString());
        Assert.Equal("ServerNotRestarted|db-host-1|main", alert.GetProperty("deduplicationKey").GetString());
        Assert.Equal(0, alert.GetProperty("suppressedRepeats").GetInt32());
    }

    [Fact]
    public async Task Characters_that_slack_reads_as_markup_are_escaped_in_the_text_only()
    {
        var alert = AlertSamples.Of(AlertSeverity.Warning, "k") with { Title = "free < 5% & <!channel>" };

        await Channel(_receiver.Url("/hook")).DeliverAsync(alert, CancellationToken.None);

        var received = Assert.Single(_receiver.All);
        Assert.StartsWith("*[WARNING] free &lt; 5% &amp; &lt;!channel&gt;*", received.Json.GetProperty("text").GetString());
        Assert.Equal("free < 5% & <!channel>", received.Alert.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_error_status_fails_the_delivery_without_revealing_the_url_path()
    {
        _receiver.StatusCode = 404;

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() =>
            Channel(_receiver.Url(TokenPath)).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None));

        Assert.Equal($"webhook http://127.0.0.1:{_receiver.Port}/***: answered 404 Not Found", error.Message);
    }

    [Fact]
    public async Task An_unreachable_webhook_fails_the_delivery_without_revealing_the_url_path()
    {
        using var dead = new DeadEndpoint();
        var nobody = dead.Url(TokenPath);

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() =>
            Channel(nobody).DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None));

        Assert.StartsWith($"webhook http://127.0.0.1:{nobody.Port}/***: ", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("XyzSecretToken123", error.Message);
        Assert.Null(error.InnerException);
    }

    public void Dispose()
    {
        _http.Dispose();
        _receiver.Dispose();
    }

    private WebhookChannel Channel(Uri url) => new(new WebhookChannelSettings(url, AlertSeverity.Info), _http);
}
