namespace AkkaBackup.Client.Snapshots;

/// <summary>Removing a tree of plain files and directories without ever following a symbolic link out of it.</summary>
internal static class ClonePaths
{
    private const uint OwnerOnly = 0x1C0; // 0700

    /// <summary>Removes <paramref name="path"/> and everything under it; a symbolic link is removed, never its target. Missing is fine.</summary>
    public static void RemoveTree(string path)
    {
        if (FileSystemCalls.Status(path, follow: false) is not { } status)
        {
            return;
        }

        if (!status.IsDirectory)
        {
            File.Delete(path);
            return;
        }

        // A clone keeps the original's modes; a directory without write or search permission could not be emptied.
        FileSystemCalls.ChangeMode(path, OwnerOnly);
        foreach (var child in Directory.EnumerateFileSystemEntries(path).ToList())
        {
            RemoveTree(child);
        }

        Directory.Delete(path);
    }
}
