using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Protocol.DataPlane;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// One data-plane connection's worth of sending: chunks go out with at most <c>window</c> unacknowledged,
/// a chunk the receiver rejects is re-sent, and the session ends when the ledger says every chunk of the
/// sealed archive is held, or with an exception when the connection breaks. Memory: one chunk buffer per
/// chunk in flight. A connection with nothing to send for <see cref="PingInterval"/> (compression between two
/// chunks) carries a ping, so the receiver, which closes silent connections, keeps it.
/// </summary>
public sealed class ChunkUploader
{
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(20);

    private readonly DataPlaneConnection _connection;
    private readonly string _archivePath;
    private readonly int _maxAttempts;
    private readonly ClientTestHooks _hooks;
    private readonly TransferLedger _ledger;
    private readonly Action<SealedChunk> _onAcknowledged;
    private readonly Action<string> _onWarning;
    private readonly Channel<(SealedChunk Chunk, int Attempt)> _work = Channel.CreateUnbounded<(SealedChunk, int)>();
    private readonly ConcurrentDictionary<int, (SealedChunk Chunk, int Attempt)> _unacknowledged = new();
    private readonly SemaphoreSlim _slots;

    public ChunkUploader(
        DataPlaneConnection connection, string archivePath, int window, int maxAttempts, ClientTestHooks hooks, TransferLedger ledger,
        Action<SealedChunk> onAcknowledged, Action<string> onWarning)
    {
        _connection = connection;
        _archivePath = archivePath;
        _maxAttempts = maxAttempts;
        _hooks = hooks;
        _ledger = ledger;
        _onAcknowledged = onAcknowledged;
        _onWarning = onWarning;
        _slots = new SemaphoreSlim(window);
    }

    /// <summary>Queues a sealed chunk the receiver does not hold yet (bytes already on disk).</summary>
    public void Enqueue(SealedChunk chunk) => _work.Writer.TryWrite((chunk, 1));

    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = SendLoopAsync(stop.Token);
        var receiving = ReceiveLoopAsync(stop.Token);
        var done = _ledger.AllAcknowledged;
        var first = await Task.WhenAny(sending, receiving, done);
        stop.Cancel();
        _work.Writer.TryComplete();
        if (first != done)
        {
            // A loop ended before the upload finished: surface its exception.
            await first;
            throw new TransferException("the data connection closed before every chunk was acknowledged");
        }

        await Task.WhenAll(Swallow(sending), Swallow(receiving));
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        // Opened at the first chunk: the compressor creates the archive after this loop starts.
        Microsoft.Win32.SafeHandles.SafeFileHandle? archive = null;
        try
        {
            while (await WaitForWorkAsync(ct))
            {
                while (_work.Reader.TryRead(out var item))
                {
                    var (chunk, attempt) = item;
                    if (attempt == 1 && _ledger.IsAcknowledged(chunk.Index))
                    {
                        continue;
                    }

                    archive ??= File.OpenHandle(_archivePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    await SendAsync(archive, chunk, attempt, ct);
                }
            }
        }
        finally
        {
            archive?.Dispose();
        }
    }

    /// <summary>True when a chunk is queued, false when the queue is closed; pings while it waits.</summary>
    private async Task<bool> WaitForWorkAsync(CancellationToken ct)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(PingInterval);
            try
            {
                return await _work.Reader.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await DataFrameCodec.WriteAsync(_connection.Stream, Ping.Instance, ct);
            }
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

        while (_hooks.HoldChunksWhile.Length > 0 && File.Exists(_hooks.HoldChunksWhile))
        {
            await Task.Delay(100, ct);
        }

        _unacknowledged[chunk.Index] = (chunk, attempt);
        var buffer = ChunkBuffers.Pool.Rent(Math.Max(chunk.Length, 1));
        try
        {
            var read = await RandomAccess.ReadAsync(archive, buffer.AsMemory(0, chunk.Length), chunk.Offset, ct);
            if (read != chunk.Length || ChunkChecksum.Compute(buffer.AsSpan(0, chunk.Length)) != chunk.Checksum)
            {
                throw new PermanentTransferException($"chunk {chunk.Index} of {_archivePath} no longer matches the checksum taken when it was sealed: the local disk returned different bytes");
            }

            if (chunk.Index == _hooks.CorruptChunkIndex && attempt == 1)
            {
                _onWarning($"test hook: corrupting chunk {chunk.Index} on the wire");
                buffer[chunk.Length / 2] ^= 0xFF;
            }

            _ledger.RecordSend(chunk.Index);
            await DataFrameCodec.WriteAsync(_connection.Stream, new ChunkFrame(chunk.Index, chunk.Offset, chunk.Length, chunk.Checksum, buffer), ct);
        }
        finally
        {
            ChunkBuffers.Pool.Return(buffer);
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
                case StoreFull full:
                    throw new PermanentTransferException(
                        $"the receiver's volume {full.Volume} is full ({full.FreeBytes:N0} bytes free) at chunk {full.Index}: the transfer stopped; " +
                        "the receiver keeps what it has for a resume once space is freed");
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
        _ledger.Acknowledge(index);
        _onAcknowledged(entry.Chunk);
    }

    private void OnNack(ChunkNack nack)
    {
        if (!_unacknowledged.TryGetValue(nack.Index, out var entry))
        {
            throw new TransferException($"the receiver rejected chunk {nack.Index}, which is not in flight");
        }

        if (entry.Attempt >= _maxAttempts)
        {
            throw new PermanentTransferException($"the receiver rejected chunk {nack.Index} {entry.Attempt} times, last because: {nack.Reason}");
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
            // The session already has its outcome; the loops only end because they were cancelled.
        }
    }
}
