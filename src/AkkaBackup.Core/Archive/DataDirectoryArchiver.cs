using System.Buffers;
using System.IO.Hashing;
using System.Threading.Channels;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Writes a data directory into a Zip64 deflate archive, forward-only. A reader walks the files in
/// blocks and starts compressing each block on the thread pool; the writer takes the compressed
/// blocks back in order, so all cores compress while the output stays sequential. At most
/// <see cref="ArchiveOptions.BlocksInFlight"/> blocks exist at once, whatever the data size.
/// </summary>
public sealed class DataDirectoryArchiver(ArchiveOptions options)
{
    public Task<ArchiveResult> CreateAsync(
        DataDirectoryScan scan, string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress>? progress, CancellationToken ct)
    {
        return Task.Run(async () =>
        {
            FileStream file;
            try
            {
                file = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1024 * 1024);
            }
            catch (IOException e) when (File.Exists(archivePath))
            {
                // Never touch an existing archive: it may be the kept copy of an earlier run.
                throw new ArchiveException($"'{archivePath}' already exists; refusing to overwrite it", e);
            }

            try
            {
                await using (file)
                {
                    return await WriteAsync(file, scan, archivePath, onChunkSealed, progress, ct);
                }
            }
            catch
            {
                TryDelete(archivePath);
                throw;
            }
        }, CancellationToken.None);
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
                    if (block.Compressed is null)
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

                    var compressed = await block.Compressed;
                    crc.Append(block.Raw.AsSpan(0, block.RawLength));
                    zip.WriteData(compressed.Written);
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
                    await output.WriteAsync(new Block(entry, null, [], 0, true, true), ct);
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
        var first = true;
        while (offset < size)
        {
            var length = (int)Math.Min(options.BlockSize, size - offset);
            var raw = ArrayPool<byte>.Shared.Rent(length);
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, raw.AsSpan(read, length - read), offset + read);
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(raw);
                    throw new ArchiveException($"'{path}' ended at {offset + read} bytes, expected {size}: is the server really stopped?");
                }

                read += n;
            }

            offset += length;
            var last = offset == size;
            var level = options.CompressionLevel;
            var compressed = Task.Run(() => BlockCompressor.Compress(raw.AsSpan(0, length), last, level), CancellationToken.None);
            await output.WriteAsync(new Block(entry, compressed, raw, length, first, last), ct);
            first = false;
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>One block of one file: its raw bytes (for the CRC) and its compression in progress.</summary>
    private sealed record Block(ScannedEntry Entry, Task<PooledBuffer>? Compressed, byte[] Raw, int RawLength, bool IsFirstOfFile, bool IsLastOfFile) : IDisposable
    {
        public void Dispose()
        {
            if (Compressed is { IsCompletedSuccessfully: true })
            {
                Compressed.Result.Dispose();
            }

            if (Raw.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Raw);
            }
        }
    }
}
