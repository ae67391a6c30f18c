namespace AkkaBackup.Core.Alerts.Delivery;

/// <summary>Counts deliveries queued or in flight, so that a flush can wait until there are none.</summary>
internal sealed class PendingDeliveries
{
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _idle;

    public void Add()
    {
        lock (_gate)
        {
            _count++;
        }
    }

    public void Done()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_count == 0)
            {
                (idle, _idle) = (_idle, null);
            }
        }

        idle?.TrySetResult();
    }

    public Task WhenIdleAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            // Continuations run elsewhere: a flusher must not run inside a courier's Done.
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(ct);
        }
    }
}
