using AkkaBackup.Client.Snapshots;
using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.FileSystems;
using Xunit.Abstractions;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>
/// A stopped server's data directory on a real XFS or btrfs image, cloned; a server started on the clone
/// has the same tables, row for row.
/// </summary>
public sealed class MariaDbCloneTests(StoppedMariaDb db, ITestOutputHelper output) : IClassFixture<StoppedMariaDb>
{
    [Theory]
    [InlineData(FileSystemKind.Xfs, false, CloneMethod.Reflink)]
    [InlineData(FileSystemKind.Btrfs, false, CloneMethod.Reflink)]
    [InlineData(FileSystemKind.Btrfs, true, CloneMethod.BtrfsSnapshot)]
    public async Task A_server_started_on_the_clone_has_the_same_table_checksums(FileSystemKind kind, bool subvolume, CloneMethod method)
    {
        await using var fs = await LoopFileSystem.CreateAsync(kind);
        var data = Path.Combine(fs.MountPoint, "mysql");
        await LoopFileSystem.RunAsync(subvolume ? ["btrfs", "subvolume", "create", data] : ["mkdir", data]);
        await LoopFileSystem.RunAsync("cp", "-a", db.Server.DataDirectory + "/.", data);

        // A server flushes its files when it shuts down; FICLONE would otherwise first write out what cp left in memory.
        await LoopFileSystem.RunAsync("sync", "-f", data);
        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        Assert.Equal(method, plan.Method);

        var clone = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1");
        var result = await DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None);
        output.WriteLine($"{kind} {method}: {result.Files} files, {result.Bytes / (1024 * 1024)} MiB, {result.Directories} directories in {result.Elapsed.TotalMilliseconds:0} ms");

        // A btrfs snapshot is read-only, and a server writes to its data directory: it runs on a writable snapshot of the clone.
        var serverDirectory = clone;
        if (method == CloneMethod.BtrfsSnapshot)
        {
            serverDirectory = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1-writable");
            await LoopFileSystem.RunAsync("btrfs", "subvolume", "snapshot", clone, serverDirectory);
        }

        await using (var server = await MariaDbServer.StartOnDataDirectoryAsync(serverDirectory, db.Server.User, db.Server.Password))
        {
            Assert.Equal(db.Checksums, await server.ChecksumTablesAsync());
        }

        await DataDirectoryClone.RemoveAsync(serverDirectory, null, SnapshotTools.Default);
        await DataDirectoryClone.RemoveAsync(clone, null, SnapshotTools.Default);
        Assert.Equal(["mysql"], Directory.EnumerateFileSystemEntries(fs.MountPoint).Select(Path.GetFileName).ToList());
    }
}
