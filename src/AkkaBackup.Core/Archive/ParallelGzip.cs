using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Threading.Channels;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Compresses a stream of unknown length into one gzip member (RFC 1952) on all cores, the way pigz does: the
/// input is cut into blocks, each deflated on the thread pool by <see cref="BlockCompressor"/> (sync-flushed, so
/// the pieces concatenate into one deflate stream), and written back in order. The end of the input is known only
/// when it comes, so every data block is a middle block and an empty final block closes the stream. The CRC-32
/// of the input is computed in order on the writing side. At most <see cref="ArchiveOptions.BlocksInFlight"/>
/// blocks exist at once, whatever the length of the input.
/// </summary>
internal static class ParallelGzip
{
    // ID1 ID2, CM = deflate, no flags, no modification time, no extra flags, OS = Unix.
    private static readonly byte[] Header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];

    // An empty fixed-Huffman block with BFINAL set, what zlib writes for Z_FINISH with no input. .NET's
    // DeflateStream writes nothing at all when it was given no bytes, so it cannot make this block.
    private static readonly byte[] FinalEmptyBlock = [0x03, 0x00];

    /// <summary>Reads <paramref name="input"/> to its end and writes its gzip to <paramref name="output"/>; returns the input's length.</summary>
    /// <param name="onBlockWritten">Called after each block is written, with the input bytes written so far.</param>
    public static async Task<long> CompressAsync(Stream input, Stream output, ArchiveOptions options, Action<long> onBlockWritten, CancellationToken ct)
    {
        var blocks = Channel.CreateBounded<Block>(new BoundedChannelOptions(options.BlocksInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadBlocksAsync(input, blocks.Writer, options, stop.Token), CancellationToken.None);

        output.Write(Header);
        var crc = new Crc32();
        long length = 0;
        try
        {
            await foreach (var block in blocks.Reader.ReadAllAsync(stop.Token))
            {
                using (block)
                {
                    var compressed = await block.Compressed;
                    crc.Append(block.Raw.AsSpan(0, block.Length));
                    output.Write(compressed.Written);
                    length += block.Length;
                    onBlockWritten(length);
                }
            }

            await reading;
        }
        catch
        {
            await stop.CancelAsync();
            await DrainAsync(blocks.Reader);
            await Task.WhenAny(reading);
            throw;
        }

        output.Write(FinalEmptyBlock);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)length));
        output.Write(trailer);
        return length;
    }

    private static async Task ReadBlocksAsync(Stream input, ChannelWriter<Block> output, ArchiveOptions options, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var raw = BlockBuffers.Pool.Rent(options.BlockSize);
                int filled;
                try
                {
                    filled = await input.ReadAtLeastAsync(raw.AsMemory(0, options.BlockSize), options.BlockSize, throwOnEndOfStream: false, ct);
                }
                catch
                {
                    BlockBuffers.Pool.Return(raw);
                    throw;
                }

                if (filled == 0)
                {
                    BlockBuffers.Pool.Return(raw);
                    break;
                }

                var level = options.CompressionLevel;
                var compressed = Task.Run(() => BlockCompressor.Compress(raw.AsSpan(0, filled), isLastOfFile: false, level), CancellationToken.None);
                await output.WriteAsync(new Block(raw, filled, compressed), ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }

    private static async Task DrainAsync(ChannelReader<Block> reader)
    {
        while (reader.TryRead(out var block))
        {
            await Task.WhenAny(block.Compressed);
            block.Dispose();
        }
    }

    /// <summary>One block of the input (a pooled array) and its compression in progress.</summary>
    private sealed record Block(byte[] Raw, int Length, Task<PooledBuffer> Compressed) : IDisposable
    {
        public void Dispose()
        {
            if (Compressed.IsCompletedSuccessfully)
            {
                Compressed.Result.Dispose();
            }

            BlockBuffers.Pool.Return(Raw);
        }
    }
}
