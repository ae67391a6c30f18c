namespace AkkaBackup.Protocol.DataPlane;

/// <summary>
/// A count of bytes that many readers share, handed out first come, first served: a reader waits until what it
/// asks for is free. The receiver reads chunk frames against one budget per client whose <paramref name="parent"/>
/// is one budget for all, so the memory its data-plane sessions hold is bounded by configuration however many
/// sessions there are, and no one client can hold all of it.
/// </summary>
public sealed class ByteBudget(long capacity, ByteBudget? parent = null)
{
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private long _available = capacity;

    public long Capacity { get; } = capacity;

    /// <summary>Waits until <paramref name="bytes"/> (at most <see cref="Capacity"/>) are free here and in the parent, and takes them.</summary>
    public async ValueTask AcquireAsync(long bytes, CancellationToken ct)
    {
        await AcquireHereAsync(bytes, ct);
        if (parent is not null)
        {
            try
            {
                await parent.AcquireAsync(bytes, ct);
            }
            catch
            {
                ReleaseHere(bytes);
                throw;
            }
        }
    }

    public void Release(long bytes)
    {
        parent?.Release(bytes);
        ReleaseHere(bytes);
    }

    private async ValueTask AcquireHereAsync(long bytes, CancellationToken ct)
    {
        if (bytes < 0 || bytes > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), $"{bytes} bytes is outside 0..{Capacity}");
        }

        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _available >= bytes)
            {
                _available -= bytes;
                return;
            }

            waiter = new Waiter(bytes);
            node = _waiting.AddLast(waiter);
        }

        await using (ct.Register(() => Cancel(node)))
        {
            await waiter.Granted.Task;
        }
    }

    private void ReleaseHere(long bytes)
    {
        lock (_lock)
        {
            _available += bytes;
            Grant();
        }
    }

    private void Cancel(LinkedListNode<Waiter> node)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _waiting.Remove(node);
            node.Value.Granted.TrySetCanceled();
            Grant();
        }
    }

    private void Grant()
    {
        while (_waiting.First is { } first && first.Value.Bytes <= _available)
        {
            _waiting.RemoveFirst();
            _available -= first.Value.Bytes;
            first.Value.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
