using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Store;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Validation;
using AkkaBackup.TestSupport.Alerts;
using Microsoft.Extensions.Logging.Abstractions;
using StoredChannel = AkkaBackup.Store.Alerts.AlertChannel;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>The HOCON file's channels and the store's, the latter read again for every alert.</summary>
public sealed class CurrentAlertOutboxTests : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("akkabackup-alerts");

    [Fact]
    public async Task A_channel_added_to_the_store_gets_the_next_alert_and_a_removed_one_no_more_while_the_file_channel_gets_all()
    {
        using var webhook = new WebhookReceiver();
        var store = await NodeStore.OpenAsync(Path.Combine(_directory.FullName, "node-store.db"), new NoProbe(), new NoProbe());
        var settings = new AlertSettings([new WebhookChannelSettings(webhook.Url("/file"), AlertSeverity.Info)], new AlertDeliveryPolicy());
        await using var outbox = new CurrentAlertOutbox(settings, store.AlertChannels, ReferenceConfiguration.Config, Http, NullLogger.Instance);

        await PostAsync(outbox, "before");
        await store.AlertChannels.SaveAsync(new StoredChannel("ops", "webhook", new Secret($$"""{"url": "{{webhook.Url("/store")}}"}"""), AlertSeverity.Warning));
        await PostAsync(outbox, "added");
        Assert.True(await store.AlertChannels.RemoveAsync("ops"));
        await PostAsync(outbox, "removed");

        var received = webhook.All.Select(w => (w.Path, w.Alert.GetProperty("instance").GetString())).Order().ToList();
        Assert.Equal([("/file", "added"), ("/file", "before"), ("/file", "removed"), ("/store", "added")], received);
    }

    [Fact]
    public async Task A_stored_channel_that_cannot_be_used_is_left_out_and_the_others_still_deliver()
    {
        using var webhook = new WebhookReceiver();
        var store = await NodeStore.OpenAsync(Path.Combine(_directory.FullName, "node-store.db"), new NoProbe(), new NoProbe());
        await store.AlertChannels.SaveAsync(new StoredChannel("broken", "pager", new Secret("{}"), AlertSeverity.Info));
        await store.AlertChannels.SaveAsync(new StoredChannel("ops", "webhook", new Secret($$"""{"url": "{{webhook.Url("/store")}}"}"""), AlertSeverity.Info));
        await using var outbox = new CurrentAlertOutbox(new AlertSettings([], new AlertDeliveryPolicy()), store.AlertChannels, ReferenceConfiguration.Config, Http, NullLogger.Instance);

        await PostAsync(outbox, "main");

        Assert.Equal("/store", Assert.Single(webhook.All).Path);
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Posts a failure alert for <paramref name="instance"/> (each its own, so none is held back as a repeat) and waits until it is delivered.</summary>
    private static async Task PostAsync(CurrentAlertOutbox outbox, string instance)
    {
        await outbox.PostAsync(BackupAlerts.BackupFailed("client-1", instance, "run-1", "test", DateTimeOffset.UtcNow));
        await outbox.FlushAsync();
    }

    private sealed class NoProbe : IInstanceProbe, ITargetProbe
    {
        public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(MySqlInstance instance, Secret password, CancellationToken ct) => Task.FromResult<IReadOnlyList<ValidationFailure>>([]);

        public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(BackupTarget target, CancellationToken ct) => Task.FromResult<IReadOnlyList<ValidationFailure>>([]);
    }
}
