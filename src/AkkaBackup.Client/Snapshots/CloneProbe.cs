using System.Security.Cryptography;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// Pre-flight for a snapshot backup: decides how a data directory is cloned and where, or says plainly why it
/// cannot be. In this order: a ZFS dataset is snapshotted with zfs; on XFS with reflink and on btrfs the file
/// system clones (whether reflink really works is tested by cloning a small probe file in the clone root: on XFS
/// only that tells reflink=1 from reflink=0); any other file system (ext4, XFS without reflink) on an LVM logical
/// volume, as lvs says, gets an LVM snapshot if its volume group has the free extents. The data directory's own
/// files are never touched.
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
    public static async Task<ClonePlan> PlanAsync(string dataDirectory, string? cloneRoot, SnapshotTools tools, CancellationToken token)
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

        // The parent of where a symbolic link such as /var/lib/mysql -> /srv/db/mysql leads, which is on the data's file system.
        var realData = FileSystemCalls.RealPath(data);
        var mount = ZfsStandIn(tools, realData) ?? MountEntry.Find(dataStatus.MountId, data);
        if (mount.FileSystem == "zfs" || FileSystemCalls.FileSystemMagic(data) == ZfsMagic)
        {
            return await ZfsPlanAsync(mount, data, realData, tools, token);
        }

        SnapshotUnsupportedException refusal;
        if (mount.FileSystem is "xfs" or "btrfs")
        {
            try
            {
                return FileSystemPlan(mount, data, realData, dataStatus, cloneRoot);
            }
            catch (SnapshotUnsupportedException e)
            {
                refusal = e;
            }
        }
        else
        {
            refusal = new CannotCloneFiles("");
        }

        var (plan, notVolume) = await LvmPlanAsync(mount, data, realData, cloneRoot, tools, token);
        return plan ?? throw (refusal is CannotCloneFiles cannot ? CannotClone(mount, data, cannot.Why + notVolume) : refusal);
    }

    /// <summary>A reflink or btrfs snapshot plan; <see cref="CannotCloneFiles"/> when this file system does not clone files.</summary>
    private static ClonePlan FileSystemPlan(MountEntry mount, string data, string realData, FileStatus dataStatus, string? cloneRoot)
    {
        var (root, rootStatus) = CheckedRoot(data, realData, cloneRoot);
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

        ProbeClone(root, mount);
        return new ClonePlan(method, data, root, mount.FileSystem);
    }

    /// <summary>The clone root, checked: an existing directory outside the data directory.</summary>
    private static (string Root, FileStatus Status) CheckedRoot(string data, string realData, string? cloneRoot)
    {
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

        return (root, rootStatus);
    }

    /// <summary>
    /// An LVM snapshot plan when lvs says the file system's device is a logical volume; otherwise no plan and a few
    /// words on why for the refusal. Refuses, naming the numbers, a volume group without room for the snapshot.
    /// </summary>
    private static async Task<(ClonePlan? Plan, string NotVolume)> LvmPlanAsync(MountEntry mount, string data, string realData, string? cloneRoot, SnapshotTools tools, CancellationToken token)
    {
        // btrfs clones by itself, and two mounted devices with one btrfs UUID confuse the kernel.
        if (!mount.Source.StartsWith("/dev/", StringComparison.Ordinal) || mount.FileSystem == "btrfs")
        {
            return (null, "");
        }

        if (tools.Lvm("lvs") is not { } lvs)
        {
            return LogicalVolume.Is(mount.Source)
                ? throw new SnapshotUnsupportedException($"{mount.FileSystem} at {data} is on {mount.Source}, an LVM logical volume, but lvs is not found in {tools.LvmWhere}: install lvm2 (or set client.lvm-tools) for an LVM snapshot, or use type = cold or hot")
                : (null, $", and lvs is not found in {tools.LvmWhere} to tell whether {mount.Source} is an LVM logical volume");
        }

        var (facts, why) = await LvmSnapshot.InspectAsync(lvs, mount.Source, token);
        if (facts is null)
        {
            return (null, $", and {mount.Source} is not an LVM logical volume ({why})");
        }

        var origin = facts.FullName;
        if (facts.Attributes.StartsWith('V') || facts.Attributes.StartsWith('s'))
        {
            throw new SnapshotUnsupportedException(
                $"{mount.FileSystem} at {data} is on {origin}, {(facts.Attributes.StartsWith('V') ? "a thin volume" : "itself a snapshot")} (lv_attr {facts.Attributes}): this version makes snapshots of ordinary (thick) logical volumes only; use type = cold or hot");
        }

        var size = tools.LvmSnapshotSize.For(facts.SizeBytes, facts.ExtentBytes);
        if (facts.GroupFreeBytes < size)
        {
            throw new SnapshotUnsupportedException(
                $"volume group {facts.VolumeGroup} has {facts.GroupFreeBytes} bytes free, but a snapshot of {origin} needs {size} bytes " +
                $"(client.lvm-snapshot-size = {tools.LvmSnapshotSize}, of an origin of {facts.SizeBytes} bytes); add space to the volume group (vgextend) " +
                "or lower client.lvm-snapshot-size, or use type = cold or hot");
        }

        foreach (var program in new[] { "lvcreate", "lvremove" })
        {
            if (tools.Lvm(program) is null)
            {
                throw new SnapshotUnsupportedException($"{program} is not found in {tools.LvmWhere}, which an LVM snapshot of {origin} needs: install lvm2 or set client.lvm-tools");
            }
        }

        var (root, _) = CheckedRoot(data, realData, cloneRoot);
        var inside = Path.Combine(mount.Root, Path.GetRelativePath(mount.MountPoint, realData)).TrimStart('/');
        return (new ClonePlan(CloneMethod.LvmSnapshot, data, root, mount.FileSystem, new VolumePlan(origin, inside == "." ? "" : inside, size)), "");
    }

    /// <summary>A ZFS snapshot of the dataset mounted at the data directory's mount, read under its .zfs/snapshot directory.</summary>
    private static async Task<ClonePlan> ZfsPlanAsync(MountEntry mount, string data, string realData, SnapshotTools tools, CancellationToken token)
    {
        var zfs = tools.ZfsProgram()
            ?? throw new SnapshotUnsupportedException($"zfs at {data} ({mount.Source}): the zfs program is not found in {tools.ZfsWhere}; install zfsutils-linux (or set client.zfs-tool), or use type = cold or hot");
        var dataset = await VolumeCommand.TryRunAsync(zfs, ["list", "-H", "-o", "name", mount.Source], token);
        if (dataset.ExitCode != 0)
        {
            throw new SnapshotUnsupportedException($"zfs at {data}: {dataset.Command} exited with code {dataset.ExitCode}: {dataset.Error}; use type = cold or hot");
        }

        var relative = Path.GetRelativePath(mount.MountPoint, realData);
        return new ClonePlan(CloneMethod.ZfsSnapshot, data, mount.MountPoint, "zfs", new VolumePlan(mount.Source, relative == "." ? "" : relative, MountPoint: mount.MountPoint));
    }

    /// <summary>Tests only: a directory standing for a ZFS dataset's mount point, as if mountinfo said so.</summary>
    private static MountEntry? ZfsStandIn(SnapshotTools tools, string realData) =>
        tools.ZfsStandIns
            .Where(s => realData == s.Key || realData.StartsWith(s.Key + "/", StringComparison.Ordinal))
            .Select(s => new MountEntry(0, "", s.Key, "zfs", s.Value))
            .FirstOrDefault();

    /// <summary>Writes a small file in the clone root and clones it, then removes both.</summary>
    private static void ProbeClone(string root, MountEntry mount)
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
            throw new CannotCloneFiles($" (FICLONE in {root}: {FileSystemCalls.Describe(errno)}{formatting})");
        }
    }

    private static SnapshotUnsupportedException CannotClone(MountEntry mount, string data, string why) => new(
        $"{mount.FileSystem} at {data} cannot clone files{why}: snapshot needs XFS formatted with reflink=1, btrfs, " +
        "a file system on an LVM logical volume, or ZFS; use type = cold or hot");

    /// <summary>The file system cannot clone files (<paramref name="Why"/>, in parentheses, or ""): an LVM snapshot may still do.</summary>
    private sealed class CannotCloneFiles(string why) : SnapshotUnsupportedException("cannot clone files" + why)
    {
        public string Why => why;
    }
}
