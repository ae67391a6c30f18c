using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;

using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

/// <summary>Which alerts reach which channel, and how repeats are held back.</summary>
public sealed class AlertOutboxRoutingTests : IDisposable
{
    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public async Task Each_alert_reaches_every_channel_whose_minimum_severity_it_meets()
    {
        await using var outbox = new AlertOutbox(
            [Webhook("/info", AlertSeverity.Info), Webhook("/warning", AlertSeverity.Warning), Webhook("/critical", AlertSeverity.Critical)],
            AlertSamples.QuickRetries, _log);

        outbox.Post(AlertSamples.Of(AlertSeverity.Info, "i"));
        outbox.Post(AlertSamples.Of(AlertSeverity.Warning, "w"));
        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "c"));
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);

        Assert.Equal(["Info", "Warning", "Critical"], Severities("/info"));
        Assert.Equal(["Warning", "Critical"], Severities("/warning"));
        Assert.Equal(["Critical"], Severities("/critical"));
    }

    [Fact]
    public async Task Repeats_within_the_window_are_held_back_and_the_next_one_sent_says_how_many()
    {
        var clock = new ManualClock(AlertSamples.Time);
        await using var outbox = new AlertOutbox([Webhook("/hook", AlertSeverity.Info)], AlertSamples.QuickRetries with { RepeatWindow = TimeSpan.FromMinutes(15) }, _log, clock);

        outbox.Post(AlertSamples.ServerDown());
        clock.Advance(TimeSpan.FromMinutes(1));
        outbox.Post(AlertSamples.ServerDown());
        outbox.Post(AlertSamples.Of(AlertSeverity.Critical, "another key"));
        clock.Advance(TimeSpan.FromMinutes(13));
        outbox.Post(AlertSamples.ServerDown());
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);

        Assert.Equal(["ServerNotRestarted|db-host-1|main", "another key"], Keys());

        clock.Advance(TimeSpan.FromMinutes(2));
        outbox.Post(AlertSamples.ServerDown());
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);

        Assert.Equal(["ServerNotRestarted|db-host-1|main", "another key", "ServerNotRestarted|db-host-1|main"], Keys());
        var last = _receiver.All[^1];
        Assert.Equal(2, last.Alert.GetProperty("suppressedRepeats").GetInt32());
        Assert.Contains("(2 repeats held back)", last.Json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_zero_window_sends_every_repeat()
    {
        await using var outbox = new AlertOutbox([Webhook("/hook", AlertSeverity.Info)], AlertSamples.QuickRetries with { RepeatWindow = TimeSpan.Zero }, _log);

        outbox.Post(AlertSamples.ServerDown());
        outbox.Post(AlertSamples.ServerDown());
        await outbox.FlushAsync().WaitAsync(AlertSamples.Patience);

        Assert.Equal(2, _receiver.All.Count);
    }

    public void Dispose()
    {
        _http.Dispose();
        _receiver.Dispose();
    }

    private WebhookChannel Webhook(string path, AlertSeverity minimum) => new(new WebhookChannelSettings(_receiver.Url(path), minimum), _http);

    private IEnumerable<string> Severities(string path) =>
        _receiver.All.Where(r => r.Path == path).Select(r => r.Alert.GetProperty("severity").GetString()!).Order(Comparer<string>.Create((a, b) => Enum.Parse<AlertSeverity>(a).CompareTo(Enum.Parse<AlertSeverity>(b))));

    private IEnumerable<string> Keys() => _receiver.All.Select(r => r.Alert.GetProperty("deduplicationKey").GetString()!);
}
