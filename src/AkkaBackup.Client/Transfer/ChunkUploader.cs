using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Protocol.DataPlane;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// Sends sealed chunks of a growing archive over one data-plane stream with at most <c>window</c> chunks
/// unacknowledged, re-sends a chunk the receiver rejects, and completes when every chunk of the sealed
/// archive is acknowledged. Memory: one chunk buffer per chunk in flight.
/// </summary>
public sealed class ChunkUploader
{
    private readonly DataPlaneConnection _connection;
    private readonly string _archivePath;
    private readonly int _window;
    private readonly int _maxAttempts;
    private readonly ClientTestHooks _hooks;
    private readonly Action<SealedChunk> _onAcknowledged;
    private readonly Action<string> _onWarning;
    private readonly Channel<(SealedChunk Chunk, int Attempt)> _work = Channel.CreateUnbounded<(SealedChunk, int)>();
    private readonly ConcurrentDictionary<int, (SealedChunk Chunk, int Attempt)> _unacknowledged = new();
    private readonly TaskCompletionSource _allAcknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private int _acknowledged;
    private int? _totalChunks;

    public ChunkUploader(
        DataPlaneConnection connection, string archivePath, int window, int maxAttempts, ClientTestHooks hooks,
        Action<SealedChunk> onAcknowledged, Action<string> onWarning)
    {
        _connection = connection;
        _archivePath = archivePath;
        _window = window;
        _maxAttempts = maxAttempts;
        _hooks = hooks;
        _onAcknowledged = onAcknowledged;
        _onWarning = onWarning;
        _slots = new SemaphoreSlim(window);
    }

    public int Window => _window;

    /// <summary>Called as the compressor seals each chunk (bytes already on disk).</summary>
    public void Enqueue(SealedChunk chunk) => _work.Writer.TryWrite((chunk, 1));

    /// <summary>The archive is complete: once this many chunks are acknowledged the upload is done.</summary>
    public void ArchiveSealed(int chunkCount)
    {
        lock (_gate)
        {
            _totalChunks = chunkCount;
            if (_acknowledged >= chunkCount)
            {
                _allAcknowledged.TrySetResult();
            }
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = SendLoopAsync(stop.Token);
        var receiving = ReceiveLoopAsync(stop.Token);
        var first = await Task.WhenAny(sending, receiving, _allAcknowledged.Task);
        stop.Cancel();
        _work.Writer.TryComplete();
        if (first != _allAcknowledged.Task)
        {
            // A loop ended before the upload finished: surface its exception.
            await first;
            throw new TransferException("the data connection closed before every chunk was acknowledged");
        }

        await Task.WhenAll(Swallow(sending), Swallow(receiving));
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        // Opened at the first sealed chunk: the compressor creates the archive after this loop starts.
        Microsoft.Win32.SafeHandles.SafeFileHandle? archive = null;
        try
        {
            await foreach (var (chunk, attempt) in _work.Reader.ReadAllAsync(ct))
            {
                archive ??= File.OpenHandle(_archivePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                await SendAsync(archive, chunk, attempt, ct);
            }
        }
        finally
        {
            archive?.Dispose();
        }
    }

    private async Task SendAsync(Microsoft.Win32.SafeHandles.SafeFileHandle archive, SealedChunk chunk, int attempt, CancellationToken ct)
    {
        if (attempt == 1)
        {
            await _slots.WaitAsync(ct);
        }

        if (_hooks.ChunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(_hooks.ChunkDelay, ct);
        }

        _unacknowledged[chunk.Index] = (chunk, attempt);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(chunk.Length, 1));
        try
        {
            var read = await RandomAccess.ReadAsync(archive, buffer.AsMemory(0, chunk.Length), chunk.Offset, ct);
            if (read != chunk.Length || ChunkChecksum.Compute(buffer.AsSpan(0, chunk.Length)) != chunk.Checksum)
            {
                throw new TransferException($"chunk {chunk.Index} of {_archivePath} no longer matches the checksum taken when it was sealed: the local disk returned different bytes");
            }

            if (chunk.Index == _hooks.CorruptChunkIndex && attempt == 1)
            {
                _onWarning($"test hook: corrupting chunk {chunk.Index} on the wire");
                buffer[chunk.Length / 2] ^= 0xFF;
            }

            await DataFrameCodec.WriteAsync(_connection.Stream, new ChunkFrame(chunk.Index, chunk.Offset, chunk.Length, chunk.Checksum, buffer), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            var frame = await DataFrameCodec.ReadAsync(_connection.Stream, 0, ct);
            switch (frame)
            {
                case ChunkAck ack:
                    OnAck(ack.Index);
                    break;
                case ChunkNack nack:
                    OnNack(nack);
                    break;
                case null:
                    throw new TransferException("the receiver closed the data connection");
                default:
                    throw new TransferException($"unexpected {frame.GetType().Name} frame from the receiver");
            }
        }
    }

    private void OnAck(int index)
    {
        if (!_unacknowledged.TryRemove(index, out var entry))
        {
            throw new TransferException($"the receiver acknowledged chunk {index}, which is not in flight");
        }

        _slots.Release();
        _onAcknowledged(entry.Chunk);
        lock (_gate)
        {
            _acknowledged++;
            if (_totalChunks is { } total && _acknowledged >= total)
            {
                _allAcknowledged.TrySetResult();
            }
        }
    }

    private void OnNack(ChunkNack nack)
    {
        if (!_unacknowledged.TryGetValue(nack.Index, out var entry))
        {
            throw new TransferException($"the receiver rejected chunk {nack.Index}, which is not in flight");
        }

        if (entry.Attempt >= _maxAttempts)
        {
            throw new TransferException($"the receiver rejected chunk {nack.Index} {entry.Attempt} times, last because: {nack.Reason}");
        }

        _onWarning($"receiver rejected chunk {nack.Index} ({nack.Reason}); re-sending, attempt {entry.Attempt + 1} of {_maxAttempts}");
        _work.Writer.TryWrite((entry.Chunk, entry.Attempt + 1));
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // The upload already has its outcome; the loops only end because they were cancelled.
        }
    }
}
