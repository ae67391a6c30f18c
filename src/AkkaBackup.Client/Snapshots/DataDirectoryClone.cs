namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// Makes, removes and finds the clones of a data directory. A clone lives in the clone root under a name that
/// starts with <see cref="Prefix"/> and ends with the run's id, so a clone left by a crash is found at the
/// next start, and so nothing without that prefix is ever deleted.
/// </summary>
public static class DataDirectoryClone
{
    public const string Prefix = ".akkabackup-clone-";

    /// <summary>Leaves room for the prefix within a file name's 255 bytes.</summary>
    private const int LongestRunId = 200;

    /// <summary>Where the clone of run <paramref name="runId"/> goes; the run id is letters, digits and '-' only.</summary>
    /// <exception cref="ArgumentException">The run id is empty, too long, or holds anything else (a '/' or ".." could point anywhere).</exception>
    public static string PathFor(string cloneRoot, string runId)
    {
        if (runId.Length is 0 or > LongestRunId || !runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"run id '{runId}' must be 1 to {LongestRunId} letters, digits or '-'", nameof(runId));
        }

        return Path.Combine(cloneRoot, Prefix + runId);
    }

    /// <summary>
    /// Where run <paramref name="runId"/>'s clone goes and, for LVM and ZFS, the snapshot it is ("vg/akkabackup-&lt;run&gt;",
    /// "dataset@akkabackup-&lt;run&gt;"). Both are journalled before the clone is made, so a restarted node removes it.
    /// </summary>
    public static (string ClonePath, string? Volume) Target(ClonePlan plan, string runId)
    {
        var path = PathFor(plan.CloneRoot, runId); // checks the run id, which is part of every name below
        var snapshot = VolumeSnapshotName.For(runId);
        return plan.Method switch
        {
            CloneMethod.LvmSnapshot => (path, $"{plan.Volume!.Origin.Split('/')[0]}/{snapshot}"),
            CloneMethod.ZfsSnapshot => (ZfsSnapshot.PathOf(plan.Volume!.MountPoint, snapshot), $"{plan.Volume.Origin}@{snapshot}"),
            _ => (path, null),
        };
    }

    /// <summary>The directory to archive: the clone itself, or the data directory's place inside a volume's snapshot.</summary>
    public static string ArchiveRoot(ClonePlan plan, string clonePath) => Path.Combine(clonePath, plan.Volume?.Relative ?? "");

    /// <summary>
    /// Clones the plan's data directory to <paramref name="clonePath"/>, which must not exist and must be named
    /// with <see cref="Prefix"/> (a ZFS snapshot is where ZFS shows it). On failure or cancellation whatever was
    /// created is removed before rethrowing.
    /// </summary>
    /// <exception cref="IOException">The path exists, or a file could not be cloned (the message names it and the errno), or a volume tool failed (the message names the command and its error output).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled; nothing is left behind.</exception>
    public static async Task<CloneResult> CloneAsync(ClonePlan plan, string clonePath, string? volume, SnapshotTools tools, CancellationToken token)
    {
        if (plan.Method == CloneMethod.ZfsSnapshot)
        {
            return await ZfsSnapshot.CreateAsync(tools, plan, volume!, clonePath, token);
        }

        var path = Named(clonePath);
        if (FileSystemCalls.Status(path, follow: false) is not null)
        {
            throw new IOException($"clone path {path} already exists");
        }

        switch (plan.Method)
        {
            case CloneMethod.Reflink:
                return await Task.Run(() => ReflinkTree.Clone(plan.DataDirectory, path, token), token);
            case CloneMethod.LvmSnapshot:
                return await LvmSnapshot.CreateAsync(tools, plan, volume!, path, token);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await BtrfsSubvolume.SnapshotAsync(plan.DataDirectory, path, token);
            var (files, bytes, directories, skipped) = CloneTally.Count(path);
            return new CloneResult(files, bytes, directories, clock.Elapsed, skipped);
        }
        catch
        {
            await RemoveAsync(path, null, tools);
            throw;
        }
    }

    /// <summary>
    /// Removes a clone: a ZFS snapshot with <c>zfs destroy</c>; an LVM snapshot unmounted, then <c>lvremove</c>d; a
    /// btrfs snapshot with <c>btrfs subvolume delete</c>; anything else by a recursive delete that does not follow
    /// symbolic links, after unmounting whatever is mounted on it (an LVM snapshot whose run was lost). A missing
    /// path is fine.
    /// </summary>
    /// <param name="volume">The LVM or ZFS snapshot the run journalled; null for the other methods.</param>
    /// <exception cref="ArgumentException">The path's file name does not start with <see cref="Prefix"/>: it is not a clone.</exception>
    /// <exception cref="IOException">A step failed; the message names the command, and for LVM and ZFS what to run by hand.</exception>
    public static async Task RemoveAsync(string clonePath, string? volume, SnapshotTools tools)
    {
        if (volume?.Contains('@') == true)
        {
            await ZfsSnapshot.DestroyAsync(tools, volume);
            return;
        }

        var path = Named(clonePath);
        if (volume is not null)
        {
            await LvmSnapshot.RemoveAsync(tools, path, volume);
            return;
        }

        if (MountPoints.IsMountPoint(path))
        {
            await MountPoints.UnmountAsync(path);
        }

        if (FileSystemCalls.Status(path, follow: false) is not { } status)
        {
            return;
        }

        if (BtrfsSubvolume.IsRoot(path, status))
        {
            await BtrfsSubvolume.DeleteAsync(path);
            return;
        }

        await Task.Run(() => ClonePaths.RemoveTree(path));
    }

    /// <summary>Clones under <paramref name="cloneRoot"/> whose run id is not in <paramref name="keep"/> (left by a crash), for the node to remove at start.</summary>
    public static IReadOnlyList<string> Strays(string cloneRoot, IReadOnlySet<string> keep)
    {
        if (!Directory.Exists(cloneRoot))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(cloneRoot, Prefix + "*")
            .Where(path => !keep.Contains(Path.GetFileName(path)[Prefix.Length..]))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The full path, refused unless its file name carries the prefix: these paths get deleted.</summary>
    private static string Named(string clonePath)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(clonePath));
        if (!Path.GetFileName(path).StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} is not a data directory clone: its name does not start with {Prefix}", nameof(clonePath));
        }

        return path;
    }
}
