using System.Buffers;
using System.IO.Hashing;
using System.Threading.Channels;
using System.Runtime.CompilerServices;
using AkkaBackup.Core.Chunking;
using Microsoft.Win32.SafeHandles;

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

    /// <param name="copyAhead">Cold: copy the files into the staging disk ahead of compression (see <see cref="CopyAhead"/>); null copies nothing.</param>
    /// <param name="onSourceReleased">Called once every byte of the data directory is read or copied: the directory is not read again.</param>
    public Task<ArchiveResult> CreateAsync(
        DataDirectoryScan scan, string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress>? progress, CancellationToken ct,
        CopyAheadOptions? copyAhead = null, Action<SourceReleased>? onSourceReleased = null)
    {
        return NewArchiveFile.WriteAsync(archivePath, file => WriteAsync(file, scan, archivePath, onChunkSealed, progress, copyAhead, onSourceReleased, ct));
    }

    private async Task<ArchiveResult> WriteAsync(
        FileStream file, DataDirectoryScan scan, string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress>? progress,
        CopyAheadOptions? copyAhead, Action<SourceReleased>? onSourceReleased, CancellationToken ct)
    {
        using var sealing = new SealingStream(file, options.ChunkSize, onChunkSealed);
        var zip = new Zip64Writer(sealing);
        var blocks = Channel.CreateBounded<Block>(new BoundedChannelOptions(options.BlocksInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var written = new StrongBox<long>();

        // While copy-ahead runs, compression leaves one core to the copier: until the release only reading counts.
        using var compressing = new SemaphoreSlim(options.Threads);
        var copierCore = copyAhead is not null && options.Threads > 1 && compressing.Wait(0);
        var copy = new CopyAhead(scan, copyAhead, options.BlockSize, () => Volatile.Read(ref written.Value), released =>
        {
            if (copierCore)
            {
                compressing.Release();
            }

            onSourceReleased?.Invoke(released);
        });
        var copying = Task.Run(() => copy.CopyAsync(stop.Token), CancellationToken.None);
        var reading = Task.Run(() => ReadBlocksAsync(scan, copy, compressing, blocks.Writer, stop.Token), CancellationToken.None);
        try
        {
            return await WriteBlocksAsync(blocks.Reader, zip, sealing, scan, archivePath, progress, written, reading, copying, stop);
        }
        finally
        {
            copy.RemoveCopies();
        }
    }

    private async Task<ArchiveResult> WriteBlocksAsync(
        ChannelReader<Block> blocks, Zip64Writer zip, SealingStream sealing, DataDirectoryScan scan, string archivePath, IProgress<ArchiveProgress>? progress,
        StrongBox<long> written, Task reading, Task copying, CancellationTokenSource stop)
    {

        long sourceRead = 0;
        var filesDone = 0;
        var crc = new Crc32();
        long entryBytes = 0;
        var blocksSinceReport = 0;
        try
        {
            await foreach (var block in blocks.ReadAllAsync(stop.Token))
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
                    Volatile.Write(ref written.Value, zip.Position);
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
            await copying;
        }
        catch
        {
            stop.Cancel();
            await DrainAsync(blocks);
            await Task.WhenAll(Task.WhenAny(reading), Task.WhenAny(copying));
            throw;
        }

        zip.Finish();
        var sha256 = sealing.Complete();
        progress?.Report(new ArchiveProgress(sourceRead, scan.TotalBytes, zip.Position, filesDone, scan.FileCount));
        return new ArchiveResult(archivePath, zip.Position, sealing.ChunkCount, sha256, sourceRead, filesDone);
    }

    private async Task ReadBlocksAsync(DataDirectoryScan scan, CopyAhead copy, SemaphoreSlim compressing, ChannelWriter<Block> output, CancellationToken ct)
    {
        try
        {
            for (var e = 0; e < scan.Entries.Count; e++)
            {
                ct.ThrowIfCancellationRequested();
                var entry = scan.Entries[e];
                if (entry.IsDirectory || entry.Length == 0)
                {
                    await output.WriteAsync(new Block(entry, true, true), ct);
                    continue;
                }

                await ReadFileAsync(scan.Root, e, entry, copy, new BlockSink(output, compressing), ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }

    /// <summary>One file, segment by segment: from the data directory, or from its copy where copy-ahead got there first.</summary>
    private async Task ReadFileAsync(string root, int index, ScannedEntry entry, CopyAhead copy, BlockSink output, CancellationToken ct)
    {
        var path = Path.Combine(root, entry.RelativePath);
        SafeFileHandle? source = null;
        try
        {
            var (first, end) = copy.SegmentsOf(index);
            for (var s = first; s < end; s++)
            {
                var segment = copy[s];
                if (await copy.ClaimAsync(s, ct) is { } copied)
                {
                    await ReadCopiedSegmentAsync(entry, segment, copied, output, ct);
                    NewArchiveFile.TryDelete(copied.Path);
                }
                else
                {
                    source ??= OpenForRead(path, entry.Length);
                    await ReadSourceSegmentAsync(source, path, entry, segment, output, ct);
                    copy.SourceRead(s);
                }
            }
        }
        finally
        {
            source?.Dispose();
        }
    }

    private async Task ReadSourceSegmentAsync(SafeFileHandle handle, string path, ScannedEntry entry, CopyAhead.Segment segment, BlockSink output, CancellationToken ct)
    {
        long nextData = 0;
        for (var offset = segment.Offset; offset < segment.Offset + segment.Length; offset += options.BlockSize)
        {
            var length = (int)Math.Min(options.BlockSize, entry.Length - offset);
            if (nextData < offset + length)
            {
                nextData = SparseFile.NextData(handle, offset);
            }

            var at = offset;
            await EmitBlockAsync(entry, offset, length, nextData >= offset + length, raw => FileBlocks.ReadExactly(handle, path, raw.AsSpan(0, length), at, entry.Length), output, ct);
        }
    }

    private async Task ReadCopiedSegmentAsync(ScannedEntry entry, CopyAhead.Segment segment, CopiedSegment copied, BlockSink output, CancellationToken ct)
    {
        using var handle = File.OpenHandle(copied.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        for (var b = 0; b < copied.BlockHashes.Length; b++)
        {
            var offset = segment.Offset + ((long)b * options.BlockSize);
            var length = (int)Math.Min(options.BlockSize, entry.Length - offset);
            var block = b;
            await EmitBlockAsync(entry, offset, length, copied.BlockHashes[b] is null,
                raw => copied.ReadBlock(handle, block, options.BlockSize, raw.AsSpan(0, length), entry.RelativePath), output, ct);
        }
    }

    /// <summary>
    /// One block at <paramref name="offset"/> of the file: <paramref name="fill"/> reads it, then it is compressed on the
    /// thread pool. A block inside a hole is zeros without reading it; a whole one deflates the same every time.
    /// </summary>
    private async Task EmitBlockAsync(ScannedEntry entry, long offset, int length, bool inHole, Action<byte[]> fill, BlockSink output, CancellationToken ct)
    {
        var first = offset == 0;
        var last = offset + length == entry.Length;
        if (inHole && length == options.BlockSize)
        {
            await output.Blocks.WriteAsync(new Block(entry, first, last) { RawLength = length, Hole = _holes.Compressed(last) }, ct);
            return;
        }

        var raw = BlockBuffers.Pool.Rent(length);
        try
        {
            if (inHole)
            {
                raw.AsSpan(0, length).Clear();
            }
            else
            {
                fill(raw);
            }
        }
        catch
        {
            BlockBuffers.Pool.Return(raw);
            throw;
        }

        var level = options.CompressionLevel;
        var gate = output.Compressing;
        var compressed = Task.Run(async () =>
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                return BlockCompressor.Compress(raw.AsSpan(0, length), last, level);
            }
            finally
            {
                gate.Release();
            }
        }, CancellationToken.None);
        await output.Blocks.WriteAsync(new Block(entry, first, last) { Compressed = compressed, Raw = raw, RawLength = length }, ct);
    }

    /// <summary>Where the reader puts blocks, and the gate that bounds how many compress at once.</summary>
    private sealed record BlockSink(ChannelWriter<Block> Blocks, SemaphoreSlim Compressing);

    private static SafeFileHandle OpenForRead(string path, long expectedLength)
    {
        var handle = OpenForRead(path);
        var size = RandomAccess.GetLength(handle);
        if (size != expectedLength)
        {
            handle.Dispose();
            throw new ArchiveException($"'{path}' changed size since the scan ({expectedLength} -> {size} bytes): is the server really stopped?");
        }

        return handle;
    }

    private static SafeFileHandle OpenForRead(string path)
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
