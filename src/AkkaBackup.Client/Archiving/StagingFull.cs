using AkkaBackup.Core.Archive;

namespace AkkaBackup.Client.Archiving;

/// <summary>
/// Names a full staging disk for what it is. Pre-flight checked the space against an estimate; when the archive
/// outgrows it anyway (data that compresses worse than its samples, another process filling the disk) the write
/// fails with ENOSPC, and the operator reads which volume, how far Data.zip got and what to do.
/// </summary>
public static class StagingFull
{
    private const int Enospc = 28;
    private const int DiskFullWindows = 0x70;

    public static Exception Explain(Exception cause, string archivePath)
    {
        if (cause is not IOException io || (io.HResult & 0xFFFF) is not (Enospc or DiskFullWindows))
        {
            return cause;
        }

        var directory = Path.GetDirectoryName(archivePath)!;
        var free = TryFree(directory);
        return new ArchiveException(
            $"the staging disk of {directory} is full ({free}): Data.zip outgrew the free space pre-flight found; " +
            "free space there or point staging-directory at a larger volume (the estimate and its margin are in the run's log)", cause);
    }

    private static string TryFree(string directory)
    {
        try
        {
            return $"{new DriveInfo(directory).AvailableFreeSpace:N0} bytes free now";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "free space unknown";
        }
    }
}
