using System.Security.Cryptography;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// Pre-flight for a snapshot backup: decides how a data directory is cloned and where, or says plainly why it
/// cannot be. Only XFS with reflink and btrfs qualify; whether reflink really works is tested by cloning a
/// small probe file in the clone root (on XFS, only that tells reflink=1 from reflink=0). An LVM logical volume
/// under XFS or btrfs does not matter: the clone is made by the file system, not the volume manager.
/// The data directory's own files are never touched.
/// </summary>
public static class CloneProbe
{
    private const long ZfsMagic = 0x2FC12FC1;
    private const ulong BtrfsSubvolumeRootInode = 256;
    private const int NotSupported = 95; // EOPNOTSUPP

    /// <summary>
    /// Decides the method for <paramref name="dataDirectory"/>, clones going under <paramref name="cloneRoot"/>
    /// (null: the data directory's parent directory, after symbolic links are resolved).
    /// </summary>
    /// <exception cref="SnapshotUnsupportedException">The data directory cannot be cloned there; the message says why and what would work.</exception>
    public static ClonePlan Plan(string dataDirectory, string? cloneRoot)
    {
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var dataStatus = FileSystemCalls.Status(data, follow: true);
        if (dataStatus is not { IsDirectory: true })
        {
            throw new SnapshotUnsupportedException($"data directory {data} does not exist or is not a directory");
        }

        if (dataStatus.MountId == 0)
        {
            throw new SnapshotUnsupportedException($"this kernel does not report mount ids (statx STATX_MNT_ID, Linux 5.8 or later), so it cannot be checked that clones of {data} stay on its file system; use type = cold or hot");
        }

        var mount = MountEntry.Find(dataStatus.MountId, data);
        if (mount.FileSystem == "zfs" || FileSystemCalls.FileSystemMagic(data) == ZfsMagic)
        {
            throw new SnapshotUnsupportedException($"zfs at {data} ({mount.Source}): ZFS snapshots are not supported by this version; put the data directory on XFS (reflink) or btrfs, or use type = cold or hot");
        }

        if (mount.FileSystem is not ("xfs" or "btrfs"))
        {
            throw CannotClone(mount, data, "");
        }

        // The parent of where a symbolic link such as /var/lib/mysql -> /srv/db/mysql leads, which is on the data's file system.
        var realData = FileSystemCalls.RealPath(data);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cloneRoot ?? Path.GetDirectoryName(realData) ?? realData));
        var rootStatus = FileSystemCalls.Status(root, follow: true);
        if (rootStatus is not { IsDirectory: true })
        {
            throw new SnapshotUnsupportedException($"clone root {root} does not exist or is not a directory; create it on the same file system as the data directory {data}, outside it");
        }

        var realRoot = FileSystemCalls.RealPath(root);
        if (realRoot == realData || realRoot.StartsWith(realData + "/", StringComparison.Ordinal))
        {
            throw new SnapshotUnsupportedException($"clone root {root} is inside the data directory {data}: the server would see each clone as a database; choose a directory on the same file system, outside the data directory");
        }

        var method = mount.FileSystem == "btrfs" && dataStatus.Inode == BtrfsSubvolumeRootInode ? CloneMethod.BtrfsSnapshot : CloneMethod.Reflink;
        var rootMount = MountEntry.Find(rootStatus.MountId, root);

        // FICLONE refuses files on two different mounts, even of one file system; a btrfs snapshot needs only the same file system.
        var together = method == CloneMethod.Reflink ? rootMount.MountId == mount.MountId : rootMount.Device == mount.Device;
        if (!together)
        {
            throw new SnapshotUnsupportedException(
                $"clone root {root} is on {rootMount.FileSystem} {rootMount.Source} mounted at {rootMount.MountPoint}, not on the data directory's " +
                $"{mount.FileSystem} {mount.Source} mounted at {mount.MountPoint}: clones must be made on the same {(method == CloneMethod.Reflink ? "mount" : "file system")}; " +
                "set the clone root to a directory there, outside the data directory");
        }

        ProbeClone(root, mount, data);
        return new ClonePlan(method, data, root, mount.FileSystem);
    }

    /// <summary>Writes a small file in the clone root and clones it, then removes both.</summary>
    private static void ProbeClone(string root, MountEntry mount, string data)
    {
        var original = Path.Combine(root, DataDirectoryClone.Prefix + "probe-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var copy = original + "-copy";
        int errno;
        try
        {
            using var source = new FileStream(original, FileMode.CreateNew, FileAccess.ReadWrite);
            source.Write(new byte[4096]);
            source.Flush();
            using var destination = new FileStream(copy, FileMode.CreateNew, FileAccess.Write);
            errno = FileSystemCalls.Clone(destination.SafeFileHandle, source.SafeFileHandle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotUnsupportedException($"clone root {root} is not writable: {e.Message}");
        }
        finally
        {
            File.Delete(copy);
            File.Delete(original);
        }

        if (errno != 0)
        {
            var formatting = mount.FileSystem == "xfs" && errno == NotSupported ? ", this XFS was formatted without reflink (mkfs.xfs -m reflink=0)" : "";
            throw CannotClone(mount, data, $" (FICLONE in {root}: {FileSystemCalls.Describe(errno)}{formatting})");
        }
    }

    private static SnapshotUnsupportedException CannotClone(MountEntry mount, string data, string why)
    {
        var volume = LogicalVolume.Is(mount.Source) ? $"; {mount.Source} is an LVM logical volume, and LVM snapshots are not supported by this version: put the data directory on XFS (reflink) or btrfs" : "";
        return new SnapshotUnsupportedException(
            $"{mount.FileSystem} at {data} cannot clone files{why}: snapshot needs XFS formatted with reflink=1 or btrfs{volume}; use type = cold or hot");
    }
}
