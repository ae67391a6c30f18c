namespace AkkaBackup.Client.Snapshots;

/// <summary>Counts what a btrfs snapshot holds, which the snapshot itself does not report (metadata only, no file is read).</summary>
internal static class CloneTally
{
    public static (long Files, long Bytes, int Directories, IReadOnlyList<string> Skipped) Count(string root)
    {
        long files = 0, bytes = 0;
        var directories = 0;
        var skipped = new List<string>();
        var pending = new Stack<(string Path, string Relative)>([(root, "")]);
        while (pending.TryPop(out var directory))
        {
            directories++;
            foreach (var child in Directory.EnumerateFileSystemEntries(directory.Path))
            {
                var name = Path.GetFileName(child);
                switch (FileSystemCalls.Status(child, follow: false))
                {
                    case { IsDirectory: true }:
                        pending.Push((child, directory.Relative + name + "/"));
                        break;
                    case { IsRegularFile: true } file:
                        files++;
                        bytes += file.Size;
                        break;
                    case { IsSymbolicLink: false } other:
                        skipped.Add($"{directory.Relative}{name}: {other.Kind}");
                        break;
                }
            }
        }

        return (files, bytes, directories, skipped.Order(StringComparer.Ordinal).ToList());
    }
}
