using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// The archive's output: forward-only and non-seekable, so a byte once written never changes. It
/// hashes everything (SHA-256) and, each time a chunk boundary is passed, hands the chunk (offset,
/// length, XxHash64) to a sealer thread, which makes it durable (fsync) and only then announces it to
/// the sender. The fsync is off the writing thread, so the compressors keep running while the disk
/// flushes; the queue to the sealer is short (<see cref="ArchiveOptions.UnsealedChunks"/> chunks), so a disk that stops
/// flushing stops the writing too, and a chunk is never announced before it is on disk.
/// </summary>
internal sealed class SealingStream : Stream
{
    private readonly FileStream _file;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle;
    private readonly int _chunkSize;
    private readonly Action<SealedChunk> _onChunkSealed;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly XxHash64 _chunkHash = new();
    private readonly BlockingCollection<SealedChunk> _toSeal = new(ArchiveOptions.UnsealedChunks);
    private readonly Thread _sealer;
    private long _position;
    private int _inChunk;
    private int _chunkIndex;
    private long _handedToOs;
    private volatile ExceptionDispatchInfo? _sealerFault;
    private volatile bool _abandoned;

    public SealingStream(FileStream file, int chunkSize, Action<SealedChunk> onChunkSealed)
    {
        _file = file;
        // Taken here, once: FileStream.SafeFileHandle flushes the stream's buffer, which only the writing thread may touch.
        _handle = file.SafeFileHandle;
        _chunkSize = chunkSize;
        _onChunkSealed = onChunkSealed;
        _sealer = new Thread(SealInOrder) { IsBackground = true, Name = "archive sealer" };
        _sealer.Start();
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public int ChunkCount => _chunkIndex;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfSealerFailed();
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, _chunkSize - _inChunk);
            var piece = buffer[..take];
            _file.Write(piece);
            _sha256.AppendData(piece);
            _chunkHash.Append(piece);
            _inChunk += take;
            _position += take;
            buffer = buffer[take..];
            if (_inChunk == _chunkSize)
            {
                HandToSealer();
            }
        }
    }

    /// <summary>Seals the last, short chunk, waits until every chunk is durable and announced, and returns the whole file's SHA-256.</summary>
    public string Complete()
    {
        if (_inChunk > 0)
        {
            HandToSealer();
        }

        _toSeal.CompleteAdding();
        _sealer.Join();
        ThrowIfSealerFailed();
        _file.Flush(flushToDisk: true);
        return Convert.ToHexStringLower(_sha256.GetHashAndReset());
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A writer that failed does not wait for the sealer: what it still holds is not announced.
            _abandoned = true;
            if (!_toSeal.IsAddingCompleted)
            {
                _toSeal.CompleteAdding();
            }

            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }

    private void HandToSealer()
    {
        // The bytes go to the OS here, on the writing thread (FileStream is not thread-safe); the sealer
        // only asks the OS to make them durable.
        _file.Flush(flushToDisk: false);
        Volatile.Write(ref _handedToOs, _position);
        var chunk = new SealedChunk(_chunkIndex, _position - _inChunk, _inChunk, _chunkHash.GetCurrentHashAsUInt64());
        _chunkHash.Reset();
        _chunkIndex++;
        _inChunk = 0;
        try
        {
            _toSeal.Add(chunk);
        }
        catch (InvalidOperationException)
        {
            // The sealer stopped taking chunks because it failed.
            ThrowIfSealerFailed();
            throw;
        }

        ThrowIfSealerFailed();
    }

    private void SealInOrder()
    {
        long durable = 0;
        try
        {
            foreach (var chunk in _toSeal.GetConsumingEnumerable())
            {
                if (_abandoned)
                {
                    return;
                }

                // One fsync covers every chunk handed over before it: a sealer that fell behind catches up at once.
                if (durable < chunk.Offset + chunk.Length)
                {
                    var upTo = Volatile.Read(ref _handedToOs);
                    RandomAccess.FlushToDisk(_handle);
                    durable = upTo;
                }

                _onChunkSealed(chunk);
            }
        }
        catch (Exception e)
        {
            _sealerFault = ExceptionDispatchInfo.Capture(e);
            _toSeal.CompleteAdding();
        }
    }

    private void ThrowIfSealerFailed() => _sealerFault?.Throw();
}
