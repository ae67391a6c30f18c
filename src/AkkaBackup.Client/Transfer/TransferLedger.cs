using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// What one transfer knows across connections: every sealed chunk, which of them the receiver holds, and
/// how many sends were repeats. Shared by the sender actor and its uploader sessions, hence the lock.
/// </summary>
public sealed class TransferLedger
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, SealedChunk> _sealed = new();
    private readonly HashSet<int> _acknowledged = [];
    private readonly HashSet<int> _everSent = [];
    private TaskCompletionSource _allAcknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int? _totalChunks;

    public int ChunksResent { get; private set; }

    public long BytesAcknowledged { get; private set; }

    public bool IsSealed
    {
        get
        {
            lock (_gate)
            {
                return _totalChunks is not null;
            }
        }
    }

    /// <summary>Completes when every chunk of the sealed archive is acknowledged.</summary>
    public Task AllAcknowledged
    {
        get
        {
            lock (_gate)
            {
                return _allAcknowledged.Task;
            }
        }
    }

    public void Add(SealedChunk chunk)
    {
        lock (_gate)
        {
            _sealed[chunk.Index] = chunk;
        }
    }

    public void Seal(int chunkCount)
    {
        lock (_gate)
        {
            _totalChunks = chunkCount;
            CheckComplete();
        }
    }

    /// <summary>Some sealed chunk is not held by the receiver yet; O(1) (only sealed chunks are ever acknowledged).</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _sealed.Count > _acknowledged.Count;
            }
        }
    }

    /// <summary>Chunks sealed but not held by the receiver, in order.</summary>
    public IReadOnlyList<SealedChunk> Pending()
    {
        lock (_gate)
        {
            return _sealed.Values.Where(c => !_acknowledged.Contains(c.Index)).ToList();
        }
    }

    public bool IsAcknowledged(int index)
    {
        lock (_gate)
        {
            return _acknowledged.Contains(index);
        }
    }

    public void RecordSend(int index)
    {
        lock (_gate)
        {
            if (!_everSent.Add(index))
            {
                ChunksResent++;
            }
        }
    }

    public void Acknowledge(int index)
    {
        lock (_gate)
        {
            if (_sealed.TryGetValue(index, out var chunk) && _acknowledged.Add(index))
            {
                BytesAcknowledged += chunk.Length;
            }

            CheckComplete();
        }
    }

    /// <summary>After a resume the receiver's answer is the truth: exactly the chunks in its bitmap are held.</summary>
    public void ResetTo(byte[] heldByReceiver)
    {
        lock (_gate)
        {
            _acknowledged.Clear();
            BytesAcknowledged = 0;
            foreach (var chunk in _sealed.Values.Where(c => ChunkBitmap.Contains(heldByReceiver, c.Index)))
            {
                _acknowledged.Add(chunk.Index);
                BytesAcknowledged += chunk.Length;
            }

            if (_allAcknowledged.Task.IsCompleted && !Complete())
            {
                _allAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            CheckComplete();
        }
    }

    // Only sealed chunks (indices 0..total-1) are ever acknowledged, so a count is enough.
    private bool Complete() => _totalChunks is { } total && _acknowledged.Count >= total;

    private void CheckComplete()
    {
        if (Complete())
        {
            _allAcknowledged.TrySetResult();
        }
    }
}
