using System.Runtime.InteropServices;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Tells regular files from sockets, FIFOs and devices, which .NET reports alike. Opening a FIFO
/// would block the archiver, and a socket cannot be read, so they must be skipped before opening.
/// </summary>
internal static partial class UnixFileType
{
    private const uint TypeMask = 0xF000;
    private const uint Regular = 0x8000;

    /// <summary>Null when it is a regular file; otherwise what it is.</summary>
    public static string? NotRegular(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var buffer = new byte[256];
        if (LStat(path, buffer) != 0)
        {
            return null;
        }

        // st_mode follows st_dev, st_ino and st_nlink on x64 (offset 24); on arm64 st_nlink comes after it (offset 16).
        var offset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        var mode = BitConverter.ToUInt32(buffer, offset) & TypeMask;
        return mode switch
        {
            Regular => null,
            0xC000 => "socket",
            0x1000 => "FIFO",
            0x2000 => "character device",
            0x6000 => "block device",
            _ => $"file type 0x{mode:x}",
        };
    }

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, byte[] buffer);
}
