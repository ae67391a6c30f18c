using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AkkaBackup.Core.Alerts.Delivery;

/// <summary>
/// Carries alerts to one channel, one at a time and in order, from a bounded queue of its own, so a dead
/// channel delays only its own alerts. Each alert gets up to MaxAttempts tries with growing pauses; one
/// that still fails is logged in full, so that its text (the recovery steps) survives in the log.
/// </summary>
internal sealed class AlertCourier
{
    private readonly AlertChannel _channel;
    private readonly AlertDeliveryPolicy _policy;
    private readonly PendingDeliveries _pending;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Channel<Alert> _queue;

    public AlertCourier(AlertChannel channel, AlertDeliveryPolicy policy, PendingDeliveries pending, ILogger log, TimeProvider time, CancellationToken stop)
    {
        _channel = channel;
        _policy = policy;
        _pending = pending;
        _log = log;
        _time = time;
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(policy.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Completion = Task.Run(() => RunAsync(stop), CancellationToken.None);
    }

    public Task Completion { get; }

    /// <summary>Queues the alert if the channel takes its severity. Never waits: when the queue is full the alert is logged instead.</summary>
    public void Offer(Alert alert)
    {
        if (!_channel.Accepts(alert))
        {
            return;
        }

        _pending.Add();
        if (_queue.Writer.TryWrite(alert))
        {
            return;
        }

        _pending.Done();
        _log.LogError("Alert NOT delivered via {Channel}: {Capacity} alerts already wait for it, or alerts are shutting down. The alert was: {Headline}\n{Text}",
            _channel.Name, _policy.QueueCapacity, AlertText.Headline(alert), AlertText.PlainText(alert));
    }

    public void Close() => _queue.Writer.TryComplete();

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(stop))
            {
                try
                {
                    await DeliverAsync(alert, stop);
                }
                finally
                {
                    _pending.Done();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: what is still queued is reported below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            Abandon(left);
            _pending.Done();
        }
    }

    private async Task DeliverAsync(Alert alert, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                deadline.CancelAfter(_channel.Timeout);
                try
                {
                    await _channel.DeliverAsync(alert, deadline.Token);
                    _log.LogInformation("Alert delivered via {Channel}: {Headline}", _channel.Name, AlertText.Headline(alert));
                    return;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    Abandon(alert);
                    return;
                }
                catch (OperationCanceledException)
                {
                    failure = $"{_channel.Name}: no answer within {_channel.Timeout.TotalSeconds:0.###} s";
                }
                catch (AlertDeliveryException e)
                {
                    failure = e.Message;
                }
            }

            if (attempt >= _policy.MaxAttempts)
            {
                _log.LogError("Alert NOT delivered via {Channel}, gave up after attempt {Attempt} of {MaxAttempts} ({Failure}). The alert was: {Headline}\n{Text}",
                    _channel.Name, attempt, _policy.MaxAttempts, failure, AlertText.Headline(alert), AlertText.PlainText(alert));
                return;
            }

            var pause = _policy.RetryDelay(attempt);
            _log.LogWarning("Alert delivery attempt {Attempt} of {MaxAttempts} failed ({Failure}); retrying in {Pause}: {Headline}",
                attempt, _policy.MaxAttempts, failure, pause, AlertText.Headline(alert));
            try
            {
                await Task.Delay(pause, _time, stop);
            }
            catch (OperationCanceledException)
            {
                Abandon(alert);
                return;
            }
        }
    }

    private void Abandon(Alert alert) =>
        _log.LogWarning("Alert NOT delivered via {Channel}: shutting down. The alert was: {Headline}\n{Text}",
            _channel.Name, AlertText.Headline(alert), AlertText.PlainText(alert));
}
