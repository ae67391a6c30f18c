using System.Buffers;
using System.IO.Hashing;
using System.Threading.Channels;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Writes a data directory into a Zip64 deflate archive, forward-only. A reader walks the files in
/// blocks and starts compressing each block on the thread pool; the writer takes the compressed
/// blocks back in order, so all cores compress while the output stays sequential. At most
/// <see cref="ArchiveOptions.BlocksInFlight"/> blocks exist at once, whatever the data size. Holes of
/// sparse files (SEEK_DATA / SEEK_HOLE) are not read: a whole block inside one is written as the
/// deflate of zeros computed once, so a hole costs its CRC-32 and a few bytes of archive per block.
/// </summary>
public sealed class DataDirectoryArchiver(ArchiveOptions options)
{
    private readonly HoleBlocks _holes = new(options.BlockSize, options.CompressionLevel);

    public Task<ArchiveResult> CreateAsync(
        DataDirectoryScan scan, string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress>? progress, CancellationToken ct)
    {
        return NewArchiveFile.WriteAsync(archivePath, file => WriteAsync(file, scan, archivePath, onChunkSealed, progress, ct));
    }

    private async Task<ArchiveResult> WriteAsync(
        FileStream file, DataDirectoryScan scan, string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress>? progress, CancellationToken ct)
    {
        using var sealing = new SealingStream(file, options.ChunkSize, onChunkSealed);
        var zip = new Zip64Writer(sealing);
        var blocks = Channel.CreateBounded<Block>(new BoundedChannelOptions(options.BlocksInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadBlocksAsync(scan, blocks.Writer, stop.Token), CancellationToken.None);

        long sourceRead = 0;
        var filesDone = 0;
        var crc = new Crc32();
        long entryBytes = 0;
        var blocksSinceReport = 0;
        try
        {
            await foreach (var block in blocks.Reader.ReadAllAsync(stop.Token))
            {
                using (block)
                {
                    if (block.IsEmptyEntry)
                    {
                        zip.WriteEmptyEntry(block.Entry);
                        filesDone += block.Entry.IsDirectory ? 0 : 1;
                        continue;
                    }

                    if (block.IsFirstOfFile)
                    {
                        zip.BeginDeflatedEntry(block.Entry);
                        crc.Reset();
                        entryBytes = 0;
                    }

                    if (block.Hole is { } hole)
                    {
                        crc.Append(_holes.Zeros.AsSpan(0, block.RawLength));
                        zip.WriteData(hole);
                    }
                    else
                    {
                        var compressed = await block.Compressed!;
                        crc.Append(block.Raw.AsSpan(0, block.RawLength));
                        zip.WriteData(compressed.Written);
                    }

                    entryBytes += block.RawLength;
                    sourceRead += block.RawLength;
                    if (block.IsLastOfFile)
                    {
                        zip.EndDeflatedEntry(crc.GetCurrentHashAsUInt32(), entryBytes);
                        filesDone++;
                    }

                    if (block.IsLastOfFile || ++blocksSinceReport % 32 == 0)
                    {
                        progress?.Report(new ArchiveProgress(sourceRead, scan.TotalBytes, zip.Position, filesDone, scan.FileCount));
                    }
                }
            }

            await reading;
        }
        catch
        {
            stop.Cancel();
            await DrainAsync(blocks.Reader);
            await Task.WhenAny(reading);
            throw;
        }

        zip.Finish();
        var sha256 = sealing.Complete();
        progress?.Report(new ArchiveProgress(sourceRead, scan.TotalBytes, zip.Position, filesDone, scan.FileCount));
        return new ArchiveResult(archivePath, zip.Position, sealing.ChunkCount, sha256, sourceRead, filesDone);
    }

    private async Task ReadBlocksAsync(DataDirectoryScan scan, ChannelWriter<Block> output, CancellationToken ct)
    {
        try
        {
            foreach (var entry in scan.Entries)
            {
                ct.ThrowIfCancellationRequested();
                if (entry.IsDirectory || entry.Length == 0)
                {
                    await output.WriteAsync(new Block(entry, true, true), ct);
                    continue;
                }

                await ReadFileAsync(scan.Root, entry, output, ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }

    private async Task ReadFileAsync(string root, ScannedEntry entry, ChannelWriter<Block> output, CancellationToken ct)
    {
        var path = Path.Combine(root, entry.RelativePath);
        using var handle = OpenForRead(path);
        var size = RandomAccess.GetLength(handle);
        if (size != entry.Length)
        {
            throw new ArchiveException($"'{path}' changed size since the scan ({entry.Length} -> {size} bytes): is the server really stopped?");
        }

        long offset = 0;
        long nextData = 0;
        var first = true;
        while (offset < size)
        {
            var length = (int)Math.Min(options.BlockSize, size - offset);
            var last = offset + length == size;
            if (nextData < offset + length)
            {
                nextData = SparseFile.NextData(handle, offset);
            }

            // A block inside a hole is zeros without reading it; a whole one deflates the same every time.
            if (nextData >= offset + length && length == options.BlockSize)
            {
                await output.WriteAsync(new Block(entry, first, last) { RawLength = length, Hole = _holes.Compressed(last) }, ct);
            }
            else
            {
                var raw = BlockBuffers.Pool.Rent(length);
                if (nextData >= offset + length)
                {
                    raw.AsSpan(0, length).Clear();
                }
                else
                {
                    ReadBlock(handle, path, raw, length, offset, size);
                }

                var level = options.CompressionLevel;
                var compressed = Task.Run(() => BlockCompressor.Compress(raw.AsSpan(0, length), last, level), CancellationToken.None);
                await output.WriteAsync(new Block(entry, first, last) { Compressed = compressed, Raw = raw, RawLength = length }, ct);
            }

            offset += length;
            first = false;
        }
    }

    private static void ReadBlock(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path, byte[] raw, int length, long offset, long size)
    {
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, raw.AsSpan(read, length - read), offset + read);
            if (n == 0)
            {
                BlockBuffers.Pool.Return(raw);
                throw new ArchiveException($"'{path}' ended at {offset + read} bytes, expected {size}: is the server really stopped?");
            }

            read += n;
        }
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenForRead(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArchiveException($"cannot read '{path}': {e.Message}", e);
        }
    }

    private static async Task DrainAsync(ChannelReader<Block> reader)
    {
        try
        {
            while (reader.TryRead(out var block))
            {
                if (block.Compressed is not null)
                {
                    await Task.WhenAny(block.Compressed);
                }

                block.Dispose();
            }
        }
        catch (ChannelClosedException)
        {
        }
    }

    /// <summary>
    /// One block of one file: its raw bytes (for the CRC) and its compression in progress; or, for a block
    /// inside a hole, the shared deflate of that many zeros. Neither, for a directory or an empty file.
    /// </summary>
    private sealed record Block(ScannedEntry Entry, bool IsFirstOfFile, bool IsLastOfFile) : IDisposable
    {
        public Task<PooledBuffer>? Compressed { get; init; }

        public byte[] Raw { get; init; } = [];

        public int RawLength { get; init; }

        public byte[]? Hole { get; init; }

        public bool IsEmptyEntry => Compressed is null && Hole is null;

        public void Dispose()
        {
            if (Compressed is { IsCompletedSuccessfully: true })
            {
                Compressed.Result.Dispose();
            }

            if (Raw.Length > 0)
            {
                BlockBuffers.Pool.Return(Raw);
            }
        }
    }

    /// <summary>
    /// A block of zeros of the block size deflates to the same bytes every time (blocks start with an empty
    /// window): computed once per archive for a middle block and once for a last one, then reused for every
    /// whole block inside a hole. Only the reader asks for them; the writer reads <see cref="Zeros"/>.
    /// </summary>
    private sealed class HoleBlocks(int blockSize, int level)
    {
        private byte[]? _middle;
        private byte[]? _last;

        public byte[] Zeros { get; } = new byte[blockSize];

        public byte[] Compressed(bool isLastOfFile)
        {
            ref var cached = ref isLastOfFile ? ref _last : ref _middle;
            if (cached is null)
            {
                using var compressed = BlockCompressor.Compress(Zeros, isLastOfFile, level);
                cached = compressed.Written.ToArray();
            }

            return cached;
        }
    }
}
