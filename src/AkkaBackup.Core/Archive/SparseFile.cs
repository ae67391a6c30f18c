using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Where a file's holes are, from <c>lseek(SEEK_DATA / SEEK_HOLE)</c> on Linux, and how much room it takes
/// (<c>st_blocks</c>). Elsewhere, or on a file system that cannot tell, the whole file counts as data and
/// as allocated: callers then read zeros where the holes are, which is slower but as correct.
/// Preallocated blocks never written (<c>fallocate</c>) are holes to SEEK_DATA but allocated in st_blocks.
/// </summary>
public static partial class SparseFile
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

    /// <summary>Bytes of the first <paramref name="length"/> bytes outside holes (preallocated blocks never written count as holes).</summary>
    public static long DataSegmentBytes(SafeFileHandle file, long length)
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

    /// <summary>Bytes the file system has allocated to the file (st_blocks × 512, what <c>du</c> counts); <paramref name="length"/> when unknown.</summary>
    public static long AllocatedBytes(SafeFileHandle file, long length)
    {
        // st_blocks is at offset 64 of struct stat on both x64 and arm64 Linux.
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64) || file.IsInvalid)
        {
            return length;
        }

        try
        {
            var stat = new byte[256];
            return WithDescriptor(file, fd => FStat(fd, stat)) == 0 ? BitConverter.ToInt64(stat, 64) * 512 : length;
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.33 exports fstat only as __fxstat.
            return length;
        }
    }

    private const long Unknown = -1;
    private const long NoMoreData = -2;

    private static long Seek(SafeFileHandle file, long offset, int whence)
    {
        if (!OperatingSystem.IsLinux() || file.IsInvalid)
        {
            return Unknown;
        }

        var result = WithDescriptor(file, fd => LSeek(fd, offset, whence));
        if (result >= 0)
        {
            return result;
        }

        return Marshal.GetLastPInvokeError() == NoSuchAddress ? NoMoreData : Unknown;
    }

    /// <summary>Calls <paramref name="call"/> with the handle's descriptor, which stays open meanwhile.</summary>
    private static long WithDescriptor(SafeFileHandle file, Func<int, long> call)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return call((int)file.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fstat")]
    private static partial int FStat(int fd, byte[] stat);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);
}
