namespace AkkaBackup.Receiver.Storage;

public static class StoreSpace
{
    /// <summary>Free bytes on the volume holding <paramref name="directory"/> (created if missing).</summary>
    public static long FreeBytes(string directory)
    {
        Directory.CreateDirectory(directory);
        return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
    }
}
