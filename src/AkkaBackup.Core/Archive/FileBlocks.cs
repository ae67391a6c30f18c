using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Core.Archive;

/// <summary>Positioned reads of whole blocks, shared by the archiver's reader and copy-ahead.</summary>
internal static class FileBlocks
{
    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/>, or up to the end of the file; returns the bytes read.</summary>
    public static int ReadUpTo(SafeFileHandle handle, Span<byte> into, long offset)
    {
        var read = 0;
        while (read < into.Length)
        {
            var n = RandomAccess.Read(handle, into[read..], offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    /// <summary>Fills <paramref name="into"/> from a data file of <paramref name="size"/> bytes; a file that ends early was changed by someone.</summary>
    public static void ReadExactly(SafeFileHandle handle, string path, Span<byte> into, long offset, long size)
    {
        var read = ReadUpTo(handle, into, offset);
        if (read < into.Length)
        {
            throw new ArchiveException($"'{path}' ended at {offset + read} bytes, expected {size}: is the server really stopped?");
        }
    }
}
