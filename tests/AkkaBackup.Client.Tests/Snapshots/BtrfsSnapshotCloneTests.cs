using AkkaBackup.Client.Snapshots;
using AkkaBackup.TestSupport.FileSystems;
using Xunit.Abstractions;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>A data directory that is a btrfs subvolume, cloned by a read-only snapshot.</summary>
public sealed class BtrfsSnapshotCloneTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_snapshot_equals_the_source_and_is_removed_completely()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Btrfs);
        var data = Path.Combine(fs.MountPoint, "mysql");
        await LoopFileSystem.RunAsync("btrfs", "subvolume", "create", data);
        await SampleTree.WriteAsync(data);
        await LoopFileSystem.RunAsync("mkfifo", Path.Combine(data, "shop", "pipe"));
        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        Assert.Equal(CloneMethod.BtrfsSnapshot, plan.Method);

        var clone = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1");
        var result = await DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None);

        output.WriteLine($"btrfs snapshot of {result.Files} files, {result.Bytes} bytes in {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(await SampleTree.ListAsync(data), await SampleTree.ListAsync(clone));
        Assert.Equal((6L, 5), (result.Files, result.Directories));
        Assert.Equal(["shop/pipe: FIFO"], result.Skipped);
        Assert.Contains(clone, await SubvolumesAsync(fs.MountPoint));

        await DataDirectoryClone.RemoveAsync(clone, null, SnapshotTools.Default);

        Assert.False(Path.Exists(clone));
        Assert.DoesNotContain(clone, await SubvolumesAsync(fs.MountPoint));
        Assert.True(File.Exists(Path.Combine(data, SampleTree.BigFile)));
    }

    [Fact]
    public async Task A_snapshot_onto_an_existing_path_fails_and_leaves_that_path_alone()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Btrfs);
        var data = Path.Combine(fs.MountPoint, "mysql");
        await LoopFileSystem.RunAsync("btrfs", "subvolume", "create", data);
        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        var clone = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1");
        Directory.CreateDirectory(clone);

        var failure = await Assert.ThrowsAsync<IOException>(() => DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None));

        Assert.Equal($"clone path {clone} already exists", failure.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(clone)); // btrfs would have put the snapshot inside it
    }

    /// <summary>Absolute paths of the file system's subvolumes.</summary>
    private static async Task<IReadOnlyList<string>> SubvolumesAsync(string mountPoint)
    {
        var list = await AkkaBackup.Core.Processes.ProcessRunner.RunAsync(new("btrfs", ["subvolume", "list", "-o", mountPoint]));
        Assert.Equal(0, list.ExitCode);
        return list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Path.Combine(mountPoint, line[(line.IndexOf(" path ", StringComparison.Ordinal) + 6)..])).ToList();
    }
}
