namespace AkkaBackup.Client.Snapshots;

/// <summary>Mounting an LVM snapshot read-only where its clone path is, and unmounting it (with util-linux's mount and umount).</summary>
internal static class MountPoints
{
    /// <summary>Whether something is mounted on <paramref name="path"/>: its mount differs from its parent directory's.</summary>
    public static bool IsMountPoint(string path)
    {
        var status = FileSystemCalls.Status(path, follow: false);
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
        return status is { IsDirectory: true, MountId: > 0 } && parent is not null && FileSystemCalls.Status(parent, follow: true) is { } above && above.MountId != status.MountId;
    }

    /// <summary>
    /// Read-only. XFS refuses a second mount of a file system with the same UUID, and a snapshot has its origin's,
    /// hence <c>nouuid</c>. No <c>norecovery</c>: the snapshot volume is writable, so a journal that still holds
    /// changes is replayed into the snapshot (never the origin) and the files read are whole.
    /// </summary>
    public static Task MountReadOnlyAsync(string device, string path, string fileSystem, CancellationToken token) =>
        VolumeCommand.RunAsync("mount", ["-o", fileSystem == "xfs" ? "ro,nouuid" : "ro", device, path], token);

    public static Task UnmountAsync(string path) => VolumeCommand.RunAsync("umount", [path], CancellationToken.None);

    /// <summary>Unmounts every mount of <paramref name="device"/> (a snapshot mounted by a run that crashed), deepest first.</summary>
    public static async Task UnmountDeviceAsync(string device)
    {
        var real = Resolved(device);
        var mounts = File.ReadLines("/proc/self/mountinfo")
            .Select(MountEntry.Parse)
            .OfType<MountEntry>()
            .Where(m => m.Source.StartsWith('/') && Resolved(m.Source) == real)
            .Select(m => m.MountPoint)
            .OrderByDescending(p => p.Length)
            .ToList();
        foreach (var mountPoint in mounts)
        {
            await UnmountAsync(mountPoint);
        }
    }

    private static string Resolved(string path)
    {
        try
        {
            return FileSystemCalls.RealPath(path);
        }
        catch (IOException)
        {
            return path;
        }
    }
}
