namespace AkkaBackup.Core.Archive;

/// <summary>What will go into the archive, decided before the server is stopped and checked again while archiving.</summary>
public sealed record DataDirectoryScan(string Root, IReadOnlyList<ScannedEntry> Entries, long TotalBytes, int FileCount, IReadOnlyList<string> Skipped);

/// <param name="RelativePath">'/'-separated, relative to the data directory.</param>
public sealed record ScannedEntry(string RelativePath, bool IsDirectory, long Length, DateTime LastWriteUtc, UnixFileMode Mode);
