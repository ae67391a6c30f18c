using System.Globalization;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.TestSupport;

/// <summary>Files of any size, sparse ones included: made, compared and measured without loading them whole.</summary>
public static class LargeFiles
{
    /// <summary>A file of <paramref name="length"/> bytes that holds <paramref name="islands"/> and holes everywhere else.</summary>
    public static void WriteSparse(string path, long length, params (long Offset, byte[] Data)[] islands)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        foreach (var (offset, data) in islands)
        {
            RandomAccess.Write(file, data, offset);
        }

        RandomAccess.SetLength(file, length);
    }

    /// <summary>
    /// The first offset at which the files differ (a shorter file differs where it ends); null when they are identical.
    /// Where the file system reports a hole (SEEK_DATA) the file is known to be zeros there and is not read.
    /// </summary>
    public static long? FirstDifference(string expected, string actual)
    {
        using var a = File.OpenHandle(expected);
        using var b = File.OpenHandle(actual);
        var length = RandomAccess.GetLength(a);
        if (length != RandomAccess.GetLength(b))
        {
            return Math.Min(length, RandomAccess.GetLength(b));
        }

        var left = new byte[4 * 1024 * 1024];
        var right = new byte[left.Length];
        for (long offset = 0; offset < length;)
        {
            var (dataA, dataB) = (SparseFile.NextData(a, offset), SparseFile.NextData(b, offset));
            if (Math.Min(dataA, dataB) > offset)
            {
                offset = Math.Min(Math.Min(dataA, dataB), length); // a hole in both
                continue;
            }

            var n = (int)Math.Min(left.Length, length - offset);
            var at = Window(a, left, n, offset, dataA).CommonPrefixLength(Window(b, right, n, offset, dataB));
            if (at < n)
            {
                return offset + at;
            }

            offset += n;
        }

        return null;
    }

    /// <summary>The file's <paramref name="n"/> bytes at <paramref name="offset"/>: zeros without reading them when all are in a hole.</summary>
    private static ReadOnlySpan<byte> Window(Microsoft.Win32.SafeHandles.SafeFileHandle file, byte[] buffer, int n, long offset, long nextData)
    {
        if (nextData >= offset + n)
        {
            buffer.AsSpan(0, n).Clear();
        }
        else if (ReadFull(file, buffer.AsSpan(0, n), offset) < n)
        {
            throw new IOException($"the file ended before {offset + n} bytes while being compared");
        }

        return buffer.AsSpan(0, n);
    }

    /// <summary>Bytes the file system has allocated to a file or a whole tree (st_blocks × 512, as <c>du --block-size=1</c> counts).</summary>
    public static async Task<long> AllocatedBytesAsync(string path)
    {
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand("du", ["-s", "--block-size=1", path]) { Timeout = TimeSpan.FromMinutes(1) });
        if (code != 0)
        {
            throw new InvalidOperationException($"du {path} exited {code}: {output}");
        }

        return long.Parse(output.Split('\t', ' ')[0], CultureInfo.InvariantCulture);
    }

    private static int ReadFull(Microsoft.Win32.SafeHandles.SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = RandomAccess.Read(file, buffer[total..], offset + total)) > 0)
        {
            total += n;
        }

        return total;
    }
}
