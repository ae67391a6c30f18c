using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// Clones a directory tree file by file with FICLONE: each directory made anew, each regular file sharing its
/// extents with the original (holes stay holes), each symbolic link recreated as a link, and owner, mode and
/// times copied, since the archive records mode and mtime and the clone must look like the original. Sockets,
/// FIFOs and devices are left out and listed. A file that cannot be cloned fails the whole clone: copying its
/// bytes instead would silently turn seconds of downtime into minutes. Hard links become separate files.
/// </summary>
internal sealed class ReflinkTree
{
    private const uint PrivateDirectory = 0x1C0; // 0700 until the directory's own mode is set, after its contents
    private const int CrossDevice = 18; // EXDEV

    private readonly List<string> _skipped = [];
    private long _files;
    private long _bytes;
    private int _directories;

    private ReflinkTree()
    {
    }

    /// <summary>Clones <paramref name="source"/> to <paramref name="destination"/>, which must not exist; on failure removes what it made.</summary>
    public static CloneResult Clone(string source, string destination, CancellationToken token)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var root = FileSystemCalls.Status(source, follow: true) ?? throw new IOException($"data directory {source} does not exist");

        // mkdir fails if anything is there: from here on, all under destination is ours to remove.
        FileSystemCalls.MakeDirectory(destination, PrivateDirectory);
        var tree = new ReflinkTree { _directories = 1 };
        try
        {
            tree.CloneDirectory(source, destination, root, "", token);
        }
        catch
        {
            ClonePaths.RemoveTree(destination);
            throw;
        }

        return new CloneResult(tree._files, tree._bytes, tree._directories, clock.Elapsed, tree._skipped);
    }

    private void CloneDirectory(string source, string destination, FileStatus status, string relative, CancellationToken token)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(source).Order(StringComparer.Ordinal))
        {
            token.ThrowIfCancellationRequested();
            var name = Path.GetFileName(child);
            var target = Path.Combine(destination, name);
            if (FileSystemCalls.Status(child, follow: false) is not { } entry)
            {
                continue; // gone since listed; the server is down, so nothing should vanish, and nothing is lost
            }

            if (entry.IsDirectory)
            {
                FileSystemCalls.MakeDirectory(target, PrivateDirectory);
                _directories++;
                CloneDirectory(child, target, entry, relative + name + "/", token);
            }
            else if (entry.IsRegularFile)
            {
                CloneFile(child, target);
                CopyAttributes(target, entry);
                _files++;
                _bytes += entry.Size;
            }
            else if (entry.IsSymbolicLink)
            {
                File.CreateSymbolicLink(target, new FileInfo(child).LinkTarget ?? throw new IOException($"cannot read symbolic link {child}"));
                FileSystemCalls.ChangeOwner(target, entry.Owner, entry.Group);
                FileSystemCalls.SetTimes(target, entry);
            }
            else
            {
                _skipped.Add($"{relative}{name}: {entry.Kind}");
            }
        }

        // Last, so that creating the entries above neither bumps the mtime nor needs a write bit the original lacks.
        CopyAttributes(destination, status);
    }

    private static void CloneFile(string source, string destination)
    {
        using var from = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using SafeFileHandle to = File.OpenHandle(destination, FileMode.CreateNew, FileAccess.Write);
        var errno = FileSystemCalls.Clone(to, from);
        if (errno != 0)
        {
            var hint = errno == CrossDevice ? "; it is on another mount than the data directory, and a clone cannot cross file systems" : "";
            throw new IOException($"cannot clone {source}: FICLONE failed with {FileSystemCalls.Describe(errno)}{hint}");
        }
    }

    /// <summary>Owner first: chown clears setuid and setgid, which chmod then sets again.</summary>
    private static void CopyAttributes(string path, FileStatus like)
    {
        FileSystemCalls.ChangeOwner(path, like.Owner, like.Group);
        FileSystemCalls.ChangeMode(path, like.Permissions);
        FileSystemCalls.SetTimes(path, like);
    }
}
