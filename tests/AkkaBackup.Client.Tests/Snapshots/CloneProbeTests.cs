using AkkaBackup.Client.Snapshots;
using AkkaBackup.TestSupport.FileSystems;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>Pre-flight on real file systems, each a loop-mounted image (or a tmpfs).</summary>
public sealed class CloneProbeTests
{
    [Theory]
    [InlineData(FileSystemKind.Xfs, "xfs")]
    [InlineData(FileSystemKind.Btrfs, "btrfs")]
    public async Task A_plain_directory_on_a_file_system_that_clones_is_cloned_by_reflink_into_its_parent(FileSystemKind kind, string name)
    {
        await using var fs = await LoopFileSystem.CreateAsync(kind);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;

        var plan = await CloneProbe.PlanAsync(data, cloneRoot: null, SnapshotTools.Default, CancellationToken.None);

        Assert.Equal(new ClonePlan(CloneMethod.Reflink, data, fs.MountPoint, name), plan);
        Assert.Equal(["mysql"], Directory.EnumerateFileSystemEntries(fs.MountPoint).Select(Path.GetFileName).ToList()); // the probe files are gone
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public async Task A_btrfs_subvolume_is_cloned_by_a_snapshot()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Btrfs);
        var data = Path.Combine(fs.MountPoint, "mysql");
        await LoopFileSystem.RunAsync("btrfs", "subvolume", "create", data);
        var clones = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "clones")).FullName;

        var plan = await CloneProbe.PlanAsync(data + "/", clones, SnapshotTools.Default, CancellationToken.None);

        Assert.Equal(new ClonePlan(CloneMethod.BtrfsSnapshot, data, clones, "btrfs"), plan);
    }

    [Fact]
    public async Task Xfs_formatted_without_reflink_is_refused_saying_so()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.XfsNoReflink);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None));

        Assert.StartsWith($"xfs at {data} cannot clone files (FICLONE in {fs.MountPoint}: errno 95 (", refusal.Message);
        Assert.Contains("this XFS was formatted without reflink (mkfs.xfs -m reflink=0)", refusal.Message);
        Assert.EndsWith("snapshot needs XFS formatted with reflink=1, btrfs, a file system on an LVM logical volume, or ZFS; use type = cold or hot", refusal.Message);
        Assert.Equal(["mysql"], Directory.EnumerateFileSystemEntries(fs.MountPoint).Select(Path.GetFileName).ToList());
    }

    [Theory]
    [InlineData(FileSystemKind.Ext4, "ext4")]
    [InlineData(FileSystemKind.Tmpfs, "tmpfs")]
    public async Task A_file_system_that_cannot_clone_is_refused_naming_it_and_the_path(FileSystemKind kind, string name)
    {
        await using var fs = await LoopFileSystem.CreateAsync(kind, kind == FileSystemKind.Tmpfs ? 16 : 64);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None));

        Assert.StartsWith($"{name} at {data} cannot clone files", refusal.Message);
        Assert.EndsWith(": snapshot needs XFS formatted with reflink=1, btrfs, a file system on an LVM logical volume, or ZFS; use type = cold or hot", refusal.Message);
    }

    [Fact]
    public async Task A_clone_root_on_another_file_system_is_refused()
    {
        await using var xfs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        await using var other = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var data = Directory.CreateDirectory(Path.Combine(xfs.MountPoint, "mysql")).FullName;

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, other.MountPoint, SnapshotTools.Default, CancellationToken.None));

        Assert.StartsWith($"clone root {other.MountPoint} is on xfs /dev/loop", refusal.Message);
        Assert.Contains($"mounted at {other.MountPoint}, not on the data directory's xfs /dev/loop", refusal.Message);
        Assert.EndsWith($"mounted at {xfs.MountPoint}: clones must be made on the same mount; set the clone root to a directory there, outside the data directory", refusal.Message);
    }

    [Fact]
    public async Task A_data_directory_that_is_a_mount_point_needs_a_clone_root_on_its_own_file_system()
    {
        await using var xfs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);

        // The parent of the mount point is the machine's root file system.
        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(xfs.MountPoint, null, SnapshotTools.Default, CancellationToken.None));

        Assert.StartsWith($"clone root {Path.GetDirectoryName(xfs.MountPoint)} is on ", refusal.Message);
        Assert.Contains("clones must be made on the same mount", refusal.Message);
    }

    [Fact]
    public async Task A_missing_clone_root_and_one_inside_the_data_directory_are_refused()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;
        var inside = Directory.CreateDirectory(Path.Combine(data, "clones")).FullName;
        var missing = Path.Combine(fs.MountPoint, "no such directory");

        var missingRefusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, missing, SnapshotTools.Default, CancellationToken.None));
        var insideRefusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, inside, SnapshotTools.Default, CancellationToken.None));

        Assert.StartsWith($"clone root {missing} does not exist or is not a directory", missingRefusal.Message);
        Assert.StartsWith($"clone root {inside} is inside the data directory {data}", insideRefusal.Message);
    }

    [Fact]
    public async Task A_missing_data_directory_is_refused()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var data = Path.Combine(fs.MountPoint, "mysql");

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None));

        Assert.Equal($"data directory {data} does not exist or is not a directory", refusal.Message);
    }

    [Fact]
    public async Task A_data_directory_behind_a_symbolic_link_is_cloned_next_to_where_the_link_leads()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var real = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;
        var link = Path.Combine(Path.GetDirectoryName(fs.MountPoint)!, "mysql link");
        File.CreateSymbolicLink(link, real);

        var plan = await CloneProbe.PlanAsync(link, null, SnapshotTools.Default, CancellationToken.None);

        Assert.Equal(new ClonePlan(CloneMethod.Reflink, link, fs.MountPoint, "xfs"), plan);
    }

    [Fact]
    public async Task Mount_points_with_spaces_and_non_ascii_letters_are_named_as_they_are()
    {
        // A backslash too: mountinfo escapes it as \134, a space as \040.
        var parent = Path.Combine(Path.GetTempPath(), "akkabackup-tests", $"mount points {Guid.NewGuid():N}");
        try
        {
            await using var xfs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs, mountPoint: Path.Combine(parent, "data disk ü"));
            await using var other = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs, mountPoint: Path.Combine(parent, "other\\disk"));
            var data = Directory.CreateDirectory(Path.Combine(xfs.MountPoint, "mysql")).FullName;

            var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, other.MountPoint, SnapshotTools.Default, CancellationToken.None));

            Assert.Contains($"mounted at {other.MountPoint}, not on the data directory's xfs", refusal.Message);
            Assert.Contains($"mounted at {xfs.MountPoint}: clones must be made on the same mount", refusal.Message);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
