namespace AkkaBackup.Core.Archive;

/// <summary>
/// Upper bound of the archive size, used for free-space checks before the server is stopped. Deflate can
/// grow incompressible data slightly, and every entry carries headers twice (local and central).
/// </summary>
public static class ArchiveSizeEstimate
{
    private const int PerEntryOverhead = 512;

    public static long UpperBound(long dataBytes, int entryCount) =>
        dataBytes + (dataBytes / 100) + ((long)entryCount * PerEntryOverhead) + (1024 * 1024);
}
