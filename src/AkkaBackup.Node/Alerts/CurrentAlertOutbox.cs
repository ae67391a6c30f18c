using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Akka.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Alerts.Delivery;
using AkkaBackup.Store;
using AkkaBackup.Store.Alerts;
using Microsoft.Extensions.Logging;
using AlertChannel = AkkaBackup.Core.Alerts.AlertChannel;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using StoredChannel = AkkaBackup.Store.Alerts.AlertChannel;

namespace AkkaBackup.Node.Alerts;

/// <summary>
/// The outbox for the channels configured now: those of the HOCON file and, on a client, those of the
/// configuration store, read again for every alert so that <c>abk config alert add|set|remove</c> takes effect
/// with the next alert. When the store's channels changed, a new outbox takes over and the old one first
/// delivers what it holds. Not thread-safe: the alert dispatcher calls it one message at a time.
/// </summary>
public sealed class CurrentAlertOutbox : IAsyncDisposable
{
    private readonly AlertSettings _settings;
    private readonly AlertChannelRepository? _store;
    private readonly Config _config;
    private readonly HttpClient _http;
    private readonly ILogger _log;
    private readonly List<(AlertOutbox Outbox, Task Done)> _retiring = [];
    private AlertOutbox _outbox;
    private string? _loaded;

    /// <param name="store">The client's stored channels; null on a receiver.</param>
    /// <param name="config">The node's configuration, whose channel defaults the stored channels are read over.</param>
    public CurrentAlertOutbox(AlertSettings settings, AlertChannelRepository? store, Config config, HttpClient http, ILogger log)
    {
        _settings = settings;
        _store = store;
        _config = config;
        _http = http;
        _log = log;
        _outbox = AlertOutbox.Create(settings, http, log);
    }

    public async Task PostAsync(Alert alert)
    {
        await ReloadAsync();
        _outbox.Post(alert);
    }

    /// <summary>Completes when every alert posted so far, to old outboxes too, is delivered or given up on.</summary>
    public Task FlushAsync() => Task.WhenAll([_outbox.FlushAsync(), .. _retiring.Select(r => r.Done)]);

    /// <summary>Abandons, with a log line each, what the current and the old outboxes still hold.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var outbox in _retiring.Select(r => r.Outbox).Append(_outbox))
        {
            await outbox.DisposeAsync();
        }

        await Task.WhenAll(_retiring.Select(r => r.Done));
    }

    private async Task ReloadAsync()
    {
        if (_store is null)
        {
            return;
        }

        IReadOnlyList<StoredChannel> stored;
        try
        {
            stored = await _store.ListAsync();
        }
        catch (Exception e) when (e is StoreException or DbException)
        {
            _log.LogError("The alert channels of the configuration store could not be read ({Error}); the channels read before are used", e.Message);
            return;
        }

        // A hash, so that the settings (passwords) are not kept around once more.
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', stored.Select(c => $"{c.Name}\t{c.Type}\t{c.MinSeverity}\t{c.Settings.Reveal()}")))));
        if (fingerprint == _loaded)
        {
            return;
        }

        var channels = _settings.Channels.Select(s => AlertChannels.Create(s, _http)).Concat(Usable(stored)).ToList();
        _retiring.RemoveAll(r => r.Done.IsCompleted);
        _retiring.Add((_outbox, RetireAsync(_outbox)));
        _outbox = new AlertOutbox(channels, _settings.Delivery, _log);
        _loaded = fingerprint;
        _log.LogInformation("Alert channels of the configuration store: {Channels}", stored.Select(c => c.Name).ToList());
    }

    /// <summary>A stored channel that cannot be used is logged and left out; the others still get the alert.</summary>
    private IEnumerable<AlertChannel> Usable(IEnumerable<StoredChannel> stored)
    {
        foreach (var channel in stored)
        {
            AlertChannelSettings settings;
            try
            {
                settings = StoredAlertChannels.ToSettings(channel, _config);
            }
            catch (ConfigurationException e)
            {
                _log.LogError("Alert channel '{Channel}' of the configuration store is NOT used: {Error}", channel.Name, e.Message);
                continue;
            }

            yield return AlertChannels.Create(settings, _http);
        }
    }

    private static async Task RetireAsync(AlertOutbox outbox)
    {
        await outbox.FlushAsync();
        await outbox.DisposeAsync();
    }
}
