using AkkaBackup.Core.Alerts.Channels;
using Microsoft.Extensions.Logging;

namespace AkkaBackup.Core.Alerts.Delivery;

/// <summary>
/// Where a node posts its alerts. <see cref="Post"/> returns at once and never throws for a delivery
/// problem: it holds back repeats, then hands the alert to every channel whose minimum severity it
/// meets; each channel's courier delivers, retries and logs on its own. Dispose after an (optionally
/// bounded) <see cref="FlushAsync"/>: disposing abandons what is still queued, with a log line each.
/// </summary>
public sealed class AlertOutbox : IAsyncDisposable
{
    private readonly IReadOnlyList<AlertCourier> _couriers;
    private readonly RepeatLimiter _repeats;
    private readonly PendingDeliveries _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private int _closed;

    /// <param name="time">The clock for the repeat window and retry pauses; the system's when null.</param>
    public AlertOutbox(IEnumerable<AlertChannel> channels, AlertDeliveryPolicy policy, ILogger log, TimeProvider? time = null)
    {
        policy.Validate();
        _log = log;
        _time = time ?? TimeProvider.System;
        _repeats = new RepeatLimiter(policy.RepeatWindow);
        _couriers = channels.Select(c => new AlertCourier(c, policy, _pending, log, _time, _stop.Token)).ToList();
    }

    public static AlertOutbox Create(AlertSettings settings, HttpClient http, ILogger log, TimeProvider? time = null) =>
        new(settings.Channels.Select(s => AlertChannels.Create(s, http)), settings.Delivery, log, time);

    /// <summary>Queues the alert for delivery and returns; logs it at a level that matches its severity.</summary>
    public void Post(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (Volatile.Read(ref _closed) == 1)
        {
            _log.LogWarning("Alert NOT delivered: alerts are shut down. The alert was: {Headline}\n{Text}", AlertText.Headline(alert), AlertText.PlainText(alert));
            return;
        }

        if (_repeats.Admit(alert, _time.GetUtcNow()) is not { } admitted)
        {
            _log.LogDebug("Alert held back as a repeat of {Key}: {Headline}", alert.DeduplicationKey, AlertText.Headline(alert));
            return;
        }

        _log.Log(LevelOf(admitted.Severity), "Alert raised: {Headline}", AlertText.Headline(admitted));
        foreach (var courier in _couriers)
        {
            courier.Offer(admitted);
        }
    }

    /// <summary>Completes when every alert posted so far is delivered or given up on.</summary>
    public Task FlushAsync(CancellationToken ct = default) => _pending.WhenIdleAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        foreach (var courier in _couriers)
        {
            courier.Close();
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_couriers.Select(c => c.Completion));
        _stop.Dispose();
    }

    private static LogLevel LevelOf(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => LogLevel.Error,
        AlertSeverity.Warning => LogLevel.Warning,
        _ => LogLevel.Information,
    };
}
