namespace AkkaBackup.Core.Archive;

/// <summary>
/// Walks a data directory before the server is stopped: every directory and regular file, in ordinal
/// order, each checked to be readable and measured (apparent size, room on disk, bytes outside holes).
/// Symbolic links are not followed (MySQL can keep tablespaces elsewhere through them; those are listed
/// as skipped so an operator sees they are not in the archive). Sockets, FIFOs and devices are skipped too.
/// </summary>
public static class DataDirectoryScanner
{
    public static DataDirectoryScan Scan(string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new ArchiveException($"data directory '{full}' does not exist");
        }

        var entries = new List<ScannedEntry>();
        var skipped = new List<string>();
        Walk(new DirectoryInfo(full), "", entries, skipped);
        var files = entries.Where(e => !e.IsDirectory).ToList();
        return new DataDirectoryScan(full, entries, files.Sum(f => f.Length), files.Count, skipped, files.Sum(f => f.AllocatedBytes), files.Sum(f => f.DataSegmentBytes));
    }

    private static void Walk(DirectoryInfo directory, string prefix, List<ScannedEntry> entries, List<string> skipped)
    {
        FileSystemInfo[] children;
        try
        {
            children = directory.GetFileSystemInfos();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ArchiveException($"cannot list directory '{directory.FullName}': {e.Message}", e);
        }

        foreach (var child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var relative = prefix + child.Name;
            if (child.LinkTarget is not null)
            {
                skipped.Add($"{relative}: symlink to {child.LinkTarget}, not followed");
                continue;
            }

            if (child is DirectoryInfo sub)
            {
                entries.Add(new ScannedEntry(relative + "/", true, 0, sub.LastWriteTimeUtc, ModeOf(sub), 0, 0));
                Walk(sub, relative + "/", entries, skipped);
                continue;
            }

            var file = (FileInfo)child;
            if (file.Length == 0 && UnixFileType.NotRegular(file.FullName) is { } kind)
            {
                skipped.Add($"{relative}: {kind}, skipped");
                continue;
            }

            var (allocated, data) = MeasureReadable(file.FullName, file.Length);
            entries.Add(new ScannedEntry(relative, false, file.Length, file.LastWriteTimeUtc, ModeOf(file), allocated, data));
        }
    }

    /// <summary>Checks that the file can be opened for reading and returns the room it takes and how many of its bytes are outside holes.</summary>
    private static (long Allocated, long DataSegments) MeasureReadable(string path, long length)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return (SparseFile.AllocatedBytes(handle, length), SparseFile.DataSegmentBytes(handle, length));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ArchiveException($"cannot read '{path}': {e.Message}", e);
        }
    }

    private static UnixFileMode ModeOf(FileSystemInfo info) =>
        OperatingSystem.IsWindows() ? (info is DirectoryInfo ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4) : info.UnixFileMode;
}
