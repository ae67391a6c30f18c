namespace AkkaBackup.Receiver.Storage;

public static class StoreSpace
{
    /// <summary>Free bytes on the volume holding <paramref name="directory"/> (created if missing).</summary>
    public static long FreeBytes(string directory) => Volume(directory).FreeBytes;

    /// <summary>The volume holding <paramref name="directory"/> (created if missing): its mount point and sizes.</summary>
    public static StoreVolume Volume(string directory)
    {
        Directory.CreateDirectory(directory);
        var drive = new DriveInfo(Path.GetFullPath(directory));
        return new StoreVolume(drive.RootDirectory.FullName, drive.AvailableFreeSpace, drive.TotalSize);
    }
}

/// <param name="Name">Where the volume is mounted (Unix) or its drive (Windows), as an operator finds it.</param>
public sealed record StoreVolume(string Name, long FreeBytes, long TotalBytes);
