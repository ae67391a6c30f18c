using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// The Linux system calls a clone needs and .NET does not offer: <c>statx</c> (owner, nanosecond times and
/// mount id, with one layout on every architecture, unlike <c>struct stat</c>), <c>statfs</c>, the FICLONE
/// ioctl, <c>lchown</c> and <c>utimensat</c>. Failures carry the errno, as operators search for it.
/// </summary>
internal static partial class FileSystemCalls
{
    /// <summary>_IOW(0x94, 9, int): make the destination file share the source file's extents.</summary>
    private const ulong FiClone = 0x40049409;

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int DoNotFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint BasicStatsAndMountId = 0x7FF | 0x1000; // STATX_BASIC_STATS | STATX_MNT_ID
    private const uint MountIdReported = 0x1000;
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>The path's status, not following a final symbolic link unless <paramref name="follow"/>; null when it does not exist.</summary>
    public static FileStatus? Status(string path, bool follow)
    {
        var buffer = new byte[256];
        if (StatX(CurrentDirectory, path, follow ? 0 : DoNotFollow, BasicStatsAndMountId, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == NoSuchFile ? null : throw Failure("statx", path, errno);
        }

        // struct statx: the same offsets on x64 and arm64 (linux/stat.h).
        var mask = BitConverter.ToUInt32(buffer, 0);
        return new FileStatus(
            Mode: BitConverter.ToUInt16(buffer, 28),
            Owner: BitConverter.ToUInt32(buffer, 20),
            Group: BitConverter.ToUInt32(buffer, 24),
            Inode: BitConverter.ToUInt64(buffer, 32),
            Size: BitConverter.ToInt64(buffer, 40),
            AccessSeconds: BitConverter.ToInt64(buffer, 64),
            AccessNanoseconds: BitConverter.ToUInt32(buffer, 72),
            ModifySeconds: BitConverter.ToInt64(buffer, 112),
            ModifyNanoseconds: BitConverter.ToUInt32(buffer, 120),
            MountId: (mask & MountIdReported) != 0 ? BitConverter.ToUInt64(buffer, 144) : 0);
    }

    /// <summary>The file system's magic number (<c>statfs</c> f_type, the first word of the struct on 64-bit Linux).</summary>
    public static long FileSystemMagic(string path)
    {
        var buffer = new byte[256];
        return StatFs(path, buffer) == 0 ? BitConverter.ToInt64(buffer, 0) : throw Failure("statfs", path, Marshal.GetLastPInvokeError());
    }

    /// <summary>Makes <paramref name="destination"/> share <paramref name="source"/>'s extents; 0, or the errno of the refusal.</summary>
    public static int Clone(SafeFileHandle destination, SafeFileHandle source)
    {
        bool destinationAdded = false, sourceAdded = false;
        try
        {
            destination.DangerousAddRef(ref destinationAdded);
            source.DangerousAddRef(ref sourceAdded);
            return IoCtl((int)destination.DangerousGetHandle(), FiClone, (int)source.DangerousGetHandle()) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (sourceAdded)
            {
                source.DangerousRelease();
            }

            if (destinationAdded)
            {
                destination.DangerousRelease();
            }
        }
    }

    /// <summary>Creates one directory; fails if anything exists at the path (no parents are made).</summary>
    public static void MakeDirectory(string path, uint mode)
    {
        if (MkDir(path, mode) != 0)
        {
            throw Failure("mkdir", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Sets owner and group without following a symbolic link.</summary>
    public static void ChangeOwner(string path, uint owner, uint group)
    {
        if (LChown(path, owner, group) != 0)
        {
            throw Failure("lchown", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Sets the permission bits (after <see cref="ChangeOwner"/>, which clears setuid and setgid).</summary>
    public static void ChangeMode(string path, uint mode)
    {
        if (ChMod(path, mode) != 0)
        {
            throw Failure("chmod", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Sets access and modification times to the nanosecond, on a symbolic link itself rather than its target.</summary>
    public static void SetTimes(string path, FileStatus like)
    {
        long[] times = [like.AccessSeconds, like.AccessNanoseconds, like.ModifySeconds, like.ModifyNanoseconds];
        if (UtimensAt(CurrentDirectory, path, times, DoNotFollow) != 0)
        {
            throw Failure("utimensat", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>The absolute path with every symbolic link, "." and ".." resolved (<c>realpath</c>).</summary>
    public static string RealPath(string path)
    {
        var resolved = RealPathOf(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            throw Failure("realpath", path, Marshal.GetLastPInvokeError());
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>"errno 18 (Invalid cross-device link)".</summary>
    public static string Describe(int errno) => $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";

    private static IOException Failure(string call, string path, int errno) => new($"{call} '{path}' failed: {Describe(errno)}");

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathOf(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoCtl(int fd, ulong request, int argument);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkDir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChMod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensAt(int directory, string path, long[] times, int flags);
}
