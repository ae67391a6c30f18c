using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;
using Microsoft.Extensions.Logging;

using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

/// <summary>Alerts that cannot be delivered: retried, bounded, logged, and never the caller's problem.</summary>
public sealed class AlertOutboxDeliveryTests : IDisposable
{
    private const string Token = "XyzSecretToken123";

    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public async Task A_dead_webhook_is_retried_then_given_up_with_the_whole_alert_in_the_log_and_no_token()
    {
        using var dead = new DeadEndpoint();
        await using var outbox = new AlertOutbox([Webhook(dead.Url($"/services/T1/B2/{Token}"))], AlertSamples.QuickRetries, _log);

        outbox.Post(AlertSamples.ServerDown());
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);

        var retries = _log.At(LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, retries.Count);
        Assert.StartsWith("Alert delivery attempt 1 of 3 failed (webhook http://127.0.0.1:", retries[0]);
        Assert.StartsWith("Alert delivery attempt 2 of 3 failed", retries[1]);
        var givenUp = Assert.Single(_log.At(LogLevel.Error, "NOT delivered"));
        Assert.Contains("gave up after attempt 3 of 3", givenUp);
        Assert.Contains(AlertSamples.RecoverySteps, givenUp);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_returns_while_a_channel_is_stuck_and_alerts_beyond_its_queue_are_logged_and_dropped()
    {
        _receiver.Hold();
        await using var outbox = new AlertOutbox([Webhook(_receiver.Url("/hook"))], AlertSamples.QuickRetries with { QueueCapacity = 2 }, _log);

        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "1"));
        Assert.Equal("1", (await _receiver.NextAsync()).Alert.GetProperty("deduplicationKey").GetString());

        // Delivery of "1" now waits for an answer: Post returned all the same, and the next two wait in the queue.
        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "2"));
        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "3"));
        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "4"));
        var dropped = Assert.Single(_log.At(LogLevel.Error, "NOT delivered"));
        Assert.Contains("2 alerts already wait for it", dropped);
        Assert.Contains("body of 4", dropped);

        _receiver.Release();
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);
        Assert.Equal(["1", "2", "3"], _receiver.All.Select(r => r.Alert.GetProperty("deduplicationKey").GetString()));
    }

    [Fact]
    public async Task A_failing_channel_does_not_hold_back_the_others_and_shutting_down_logs_what_it_abandons()
    {
        using var dead = new DeadEndpoint();
        var slowRetries = AlertSamples.QuickRetries with { FirstRetryDelay = TimeSpan.FromHours(1), MaxRetryDelay = TimeSpan.FromHours(1) };
        var outbox = new AlertOutbox([Webhook(dead.Url("/hook")), Webhook(_receiver.Url("/live"))], slowRetries, _log);

        outbox.Post(AlertSamples.ServerDown());

        Assert.Equal("/live", (await _receiver.NextAsync()).Path);
        Assert.False(outbox.FlushAsync().IsCompleted, "the dead channel waits an hour before its next attempt");
        await outbox.DisposeAsync().AsTask().WaitAsync(AlertSamples.Patience);
        // The live channel may or may not have had its answer yet; the dead one surely had not.
        var abandoned = Assert.Single(_log.At(LogLevel.Warning, $"NOT delivered via webhook http://127.0.0.1:{dead.Port}/***: shutting down"));
        Assert.Contains(AlertSamples.RecoverySteps, abandoned);
        Assert.True(outbox.FlushAsync().IsCompleted);
    }

    [Fact]
    public async Task A_command_that_outlives_the_channel_timeout_is_a_failed_attempt()
    {
        var hangs = new CommandChannel(new CommandChannelSettings("/bin/sh", ["-c", "exec sleep 300"], AlertSeverity.Info) { Timeout = TimeSpan.FromSeconds(1) });
        await using var outbox = new AlertOutbox([hangs], AlertSamples.QuickRetries with { MaxAttempts = 1 }, _log);

        outbox.Post(AlertSamples.ServerDown());
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);

        Assert.Contains("gave up after attempt 1 of 1 (command /bin/sh: no answer within 1 s)", Assert.Single(_log.At(LogLevel.Error, "NOT delivered")));
    }

    [Fact]
    public async Task Posting_after_shutdown_logs_the_alert_and_does_not_throw()
    {
        var outbox = new AlertOutbox([Webhook(_receiver.Url("/hook"))], AlertSamples.QuickRetries, _log);
        await outbox.DisposeAsync();

        outbox.Post(AlertSamples.ServerDown());

        Assert.Contains(AlertSamples.RecoverySteps, Assert.Single(_log.At(LogLevel.Warning, "NOT delivered: alerts are shut down")));
        Assert.Empty(_receiver.All);
    }

    [Fact]
    public async Task Every_alert_raised_is_logged_at_a_level_that_matches_its_severity()
    {
        await using var outbox = new AlertOutbox([], AlertSamples.QuickRetries, _log);

        outbox.Post(AlertSamples.Of(AlertSeverity.Info, "i"));
        outbox.Post(AlertSamples.Of(AlertSeverity.Warning, "w"));
        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "c"));

        Assert.Equal(
            [(LogLevel.Information, "Alert raised: [INFO] Info alert i"), (LogLevel.Warning, "Alert raised: [WARNING] Warning alert w"), (LogLevel.Error, "Alert raised: [CRITICAL] Critical alert c")],
            _log.Entries.Select(e => (e.Level, e.Message)));
    }

    public void Dispose()
    {
        _http.Dispose();
        _receiver.Dispose();
    }

    private WebhookChannel Webhook(Uri url) => new(new WebhookChannelSettings(url, AlertSeverity.Info), _http);
}
