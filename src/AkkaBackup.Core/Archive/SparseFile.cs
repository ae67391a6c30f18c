using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Where a file's holes are, from <c>lseek(SEEK_DATA / SEEK_HOLE)</c> on Linux. Elsewhere, or on a file
/// system that cannot tell, the whole file counts as data: callers then read zeros where the holes are,
/// which is slower but as correct.
/// </summary>
internal static partial class SparseFile
{
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int NoSuchAddress = 6; // ENXIO: no data at or after the offset

    /// <summary>The first offset at or after <paramref name="offset"/> that holds data; <see cref="long.MaxValue"/> when only holes follow.</summary>
    public static long NextData(SafeFileHandle file, long offset) => Seek(file, offset, SeekData) switch
    {
        Unknown => offset,
        NoMoreData => long.MaxValue,
        var data => data,
    };

    /// <summary>Bytes of the first <paramref name="length"/> bytes that are data, not holes: the allocated part of a file.</summary>
    public static long DataBytes(SafeFileHandle file, long length)
    {
        long total = 0;
        for (var offset = NextData(file, 0); offset < length;)
        {
            var hole = Seek(file, offset, SeekHole);
            var end = hole is Unknown or NoMoreData ? length : Math.Min(hole, length);
            total += end - offset;
            if (end >= length)
            {
                break;
            }

            offset = NextData(file, end);
        }

        return total;
    }

    private const long Unknown = -1;
    private const long NoMoreData = -2;

    private static long Seek(SafeFileHandle file, long offset, int whence)
    {
        if (!OperatingSystem.IsLinux() || file.IsInvalid)
        {
            return Unknown;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            var result = LSeek((int)file.DangerousGetHandle(), offset, whence);
            if (result >= 0)
            {
                return result;
            }

            return Marshal.GetLastPInvokeError() == NoSuchAddress ? NoMoreData : Unknown;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);
}
