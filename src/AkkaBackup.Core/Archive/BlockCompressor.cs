using System.IO.Compression;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Compresses one block of a file into raw deflate that can be concatenated with its neighbours, the
/// way pigz does: every block but the file's last ends with a sync flush (byte-aligned, not final);
/// the last ends the stream. Blocks start with an empty window, so they compress independently.
/// </summary>
internal static class BlockCompressor
{
    public static PooledBuffer Compress(ReadOnlySpan<byte> data, bool isLastOfFile, int level)
    {
        var output = new PooledBuffer(data.Length / 2 + 1024);
        var options = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default };
        var keep = -1;
        using (var deflate = new DeflateStream(output, options, leaveOpen: true))
        {
            deflate.Write(data);
            if (!isLastOfFile)
            {
                deflate.Flush();
                keep = (int)output.Length;
            }
        }

        // Disposing wrote the final (BFINAL) block; a block in the middle of a file must not have it.
        if (keep >= 0)
        {
            output.Truncate(keep);
        }

        return output;
    }
}
