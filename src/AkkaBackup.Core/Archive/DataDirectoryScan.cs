namespace AkkaBackup.Core.Archive;

/// <summary>What will go into the archive, decided before the server is stopped and checked again while archiving.</summary>
/// <param name="TotalBytes">Apparent size of all files: what the archive's entries expand to.</param>
/// <param name="AllocatedBytes">Room all files take on disk (see <see cref="ScannedEntry.AllocatedBytes"/>).</param>
/// <param name="DataSegmentBytes">Bytes of all files outside holes (see <see cref="ScannedEntry.DataSegmentBytes"/>).</param>
public sealed record DataDirectoryScan(
    string Root, IReadOnlyList<ScannedEntry> Entries, long TotalBytes, int FileCount, IReadOnlyList<string> Skipped, long AllocatedBytes, long DataSegmentBytes);

/// <param name="RelativePath">'/'-separated, relative to the data directory.</param>
/// <param name="Length">Apparent size.</param>
/// <param name="AllocatedBytes">Room the file takes on disk (st_blocks × 512, as <c>du</c> counts), preallocated blocks included; 0 for directories.</param>
/// <param name="DataSegmentBytes">
/// The sum of the file's data segments (SEEK_DATA to SEEK_HOLE): what is read and compressed, holes (and preallocated
/// blocks never written) left out; 0 for directories. Both equal <paramref name="Length"/> where the system cannot tell.
/// </param>
public sealed record ScannedEntry(string RelativePath, bool IsDirectory, long Length, DateTime LastWriteUtc, UnixFileMode Mode, long AllocatedBytes, long DataSegmentBytes)
{
    /// <summary>Has holes: takes less room than its length. Restored with holes where it has runs of zeros; other files get their whole length allocated.</summary>
    public bool IsSparse => !IsDirectory && AllocatedBytes < Length;
}
