namespace AkkaBackup.Core.Archive;

/// <summary>What will go into the archive, decided before the server is stopped and checked again while archiving.</summary>
/// <param name="TotalBytes">Apparent size of all files: what the archive's entries expand to.</param>
/// <param name="AllocatedBytes">Bytes of all files that are data rather than holes (see <see cref="ScannedEntry.AllocatedBytes"/>).</param>
public sealed record DataDirectoryScan(string Root, IReadOnlyList<ScannedEntry> Entries, long TotalBytes, int FileCount, IReadOnlyList<string> Skipped, long AllocatedBytes);

/// <param name="RelativePath">'/'-separated, relative to the data directory.</param>
/// <param name="Length">Apparent size.</param>
/// <param name="AllocatedBytes">
/// The sum of the file's data segments (SEEK_DATA to SEEK_HOLE): what is read and compressed, holes left out.
/// Equal to <paramref name="Length"/> where holes cannot be seen; 0 for directories.
/// </param>
public sealed record ScannedEntry(string RelativePath, bool IsDirectory, long Length, DateTime LastWriteUtc, UnixFileMode Mode, long AllocatedBytes);
