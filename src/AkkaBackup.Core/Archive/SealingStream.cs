using System.IO.Hashing;
using System.Security.Cryptography;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// The archive's output: forward-only and non-seekable, so a byte once written never changes. It
/// hashes everything (SHA-256) and, each time a chunk boundary is passed, flushes the file to disk
/// and seals the chunk (offset, length, XxHash64) for the sender.
/// </summary>
internal sealed class SealingStream : Stream
{
    private readonly FileStream _file;
    private readonly int _chunkSize;
    private readonly Action<SealedChunk> _onChunkSealed;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly XxHash64 _chunkHash = new();
    private long _position;
    private int _inChunk;
    private int _chunkIndex;

    public SealingStream(FileStream file, int chunkSize, Action<SealedChunk> onChunkSealed)
    {
        _file = file;
        _chunkSize = chunkSize;
        _onChunkSealed = onChunkSealed;
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
                Seal();
            }
        }
    }

    /// <summary>Seals the last, short chunk, makes the file durable and returns the whole file's SHA-256.</summary>
    public string Complete()
    {
        if (_inChunk > 0)
        {
            Seal();
        }

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
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Seal()
    {
        _file.Flush(flushToDisk: true);
        var chunk = new SealedChunk(_chunkIndex, _position - _inChunk, _inChunk, _chunkHash.GetCurrentHashAsUInt64());
        _chunkHash.Reset();
        _chunkIndex++;
        _inChunk = 0;
        _onChunkSealed(chunk);
    }
}
