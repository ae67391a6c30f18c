using System.Globalization;
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

    /// <summary>The first offset at which the files differ (a shorter file differs where it ends); null when they are identical.</summary>
    public static long? FirstDifference(string expected, string actual)
    {
        using var a = File.OpenHandle(expected);
        using var b = File.OpenHandle(actual);
        var left = new byte[4 * 1024 * 1024];
        var right = new byte[left.Length];
        for (long offset = 0; ; )
        {
            var n = ReadFull(a, left, offset);
            var m = ReadFull(b, right, offset);
            var common = Math.Min(n, m);
            var at = left.AsSpan(0, common).CommonPrefixLength(right.AsSpan(0, common));
            if (at < common || n != m)
            {
                return offset + at;
            }

            if (n == 0)
            {
                return null;
            }

            offset += n;
        }
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

    private static int ReadFull(Microsoft.Win32.SafeHandles.SafeFileHandle file, byte[] buffer, long offset)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = RandomAccess.Read(file, buffer.AsSpan(total), offset + total)) > 0)
        {
            total += n;
        }

        return total;
    }
}
