using AkkaBackup.Client.Snapshots;
using AkkaBackup.Core.Archive;
using AkkaBackup.TestSupport.FileSystems;
using Xunit.Abstractions;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>Clones made with FICLONE on real XFS and btrfs images.</summary>
public sealed class ReflinkCloneTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(FileSystemKind.Xfs)]
    [InlineData(FileSystemKind.Btrfs)]
    public async Task A_clone_has_the_same_bytes_modes_owners_times_and_links_and_shares_the_extents(FileSystemKind kind)
    {
        await using var fs = await LoopFileSystem.CreateAsync(kind);
        var data = Path.Combine(fs.MountPoint, "mysql");
        var empty = await fs.AvailableBytesAsync();
        await SampleTree.WriteAsync(data);
        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        Assert.Equal(CloneMethod.Reflink, plan.Method);
        var free = await fs.AvailableBytesAsync();
        Assert.True(empty - free >= SampleTree.BigFileMiB * 1024L * 1024, $"writing the sample took only {empty - free} bytes: free space does not measure what this test needs");

        var clone = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1");
        var result = await DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None);

        var used = free - await fs.AvailableBytesAsync();
        output.WriteLine($"{kind}: cloned {result.Files} files, {result.Bytes} bytes, {result.Directories} directories in {result.Elapsed.TotalMilliseconds:0} ms; {used / 1024} KiB used");
        Assert.Equal(await SampleTree.ListAsync(data), await SampleTree.ListAsync(clone));
        Assert.True(used < 8L * 1024 * 1024, $"the clone took {used} bytes of free space: the extents are not shared");
        Assert.Equal(6, result.Files);
        Assert.Equal(SampleTree.BigFileMiB * 1024L * 1024 + SampleTree.SparseLength + "table definition".Length + "rows".Length + "[mariadbd]\n".Length, result.Bytes);
        Assert.Equal(5, result.Directories);
        Assert.Empty(result.Skipped);
        Assert.Equal(DataSegments(Path.Combine(data, SampleTree.SparseFile)), DataSegments(Path.Combine(clone, SampleTree.SparseFile)));
        Assert.True(DataSegments(Path.Combine(clone, SampleTree.SparseFile)) <= 2 * 64 * 1024, "the sparse file's holes were filled in the clone");
    }

    [Fact]
    public async Task Writing_the_original_after_the_clone_leaves_the_clone_as_it_was()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var (data, plan, clone) = await SampleTree.WritePlannedAsync(fs);
        await DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None);
        var before = await SampleTree.HashAsync(Path.Combine(clone, SampleTree.BigFile));

        await using (var original = new FileStream(Path.Combine(data, SampleTree.BigFile), FileMode.Open, FileAccess.Write))
        {
            original.Position = 3 * 1024 * 1024;
            await original.WriteAsync(new byte[1024 * 1024]);
        }

        Assert.Equal(before, await SampleTree.HashAsync(Path.Combine(clone, SampleTree.BigFile)));
        Assert.NotEqual(before, await SampleTree.HashAsync(Path.Combine(data, SampleTree.BigFile)));
    }

    [Fact]
    public async Task Sockets_and_fifos_are_left_out_and_listed()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;
        Directory.CreateDirectory(Path.Combine(data, "db"));
        await File.WriteAllTextAsync(Path.Combine(data, "db", "t.frm"), "x");
        await LoopFileSystem.RunAsync("mkfifo", Path.Combine(data, "db", "pipe"));

        // Open while cloned: .NET removes the socket's file when it closes the socket.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(data, "mysql.sock")));

        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        var clone = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1");
        var result = await DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None);

        Assert.Equal(["db/pipe: FIFO", "mysql.sock: socket"], result.Skipped.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(1, result.Files);
        Assert.Equal(["t.frm"], Directory.EnumerateFileSystemEntries(Path.Combine(clone, "db")).Select(Path.GetFileName).ToList());
        Assert.False(File.Exists(Path.Combine(clone, "mysql.sock")));
    }

    [Fact]
    public async Task A_clone_onto_an_existing_path_fails_and_leaves_that_path_alone()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var (_, plan, clone) = await SampleTree.WritePlannedAsync(fs);
        Directory.CreateDirectory(clone);
        await File.WriteAllTextAsync(Path.Combine(clone, "someone else's"), "keep me");

        var failure = await Assert.ThrowsAsync<IOException>(() => DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None));

        Assert.Equal($"clone path {clone} already exists", failure.Message);
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(clone, "someone else's")));
    }

    [Fact]
    public async Task A_file_that_cannot_be_cloned_fails_the_clone_naming_it_and_the_errno_and_leaves_nothing()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var (data, plan, clone) = await SampleTree.WritePlannedAsync(fs);

        // A file on another file system mounted inside the data directory, walked after the others ("zz").
        await using var inner = await LoopFileSystem.CreateAsync(FileSystemKind.Tmpfs, 16, Path.Combine(data, "zz mounted"));
        await File.WriteAllTextAsync(Path.Combine(inner.MountPoint, "t.ibd"), "elsewhere");

        var failure = await Assert.ThrowsAsync<IOException>(() => DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None));

        Assert.StartsWith($"cannot clone {Path.Combine(inner.MountPoint, "t.ibd")}: FICLONE failed with errno 18 (", failure.Message);
        Assert.EndsWith("it is on another mount than the data directory, and a clone cannot cross file systems", failure.Message);
        Assert.False(Path.Exists(clone));
        Assert.Equal(["mysql"], Directory.EnumerateFileSystemEntries(fs.MountPoint).Select(Path.GetFileName).ToList());
    }

    [Fact]
    public async Task A_clone_cancelled_under_way_leaves_nothing()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;
        for (var d = 0; d < 20; d++)
        {
            var database = Directory.CreateDirectory(Path.Combine(data, $"db{d}")).FullName;
            for (var t = 0; t < 500; t++)
            {
                await File.WriteAllBytesAsync(Path.Combine(database, $"t{t}.ibd"), [1]);
            }
        }

        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        var clone = DataDirectoryClone.PathFor(plan.CloneRoot, "run-1");
        using var cancel = new CancellationTokenSource();
        var cloning = DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, cancel.Token);

        // Cancelled the moment the clone's top directory appears: 10,000 files are still to come.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Directory.Exists(clone) && !cloning.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the clone did not get under way within 30 s");
        }

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cloning);
        Assert.False(Path.Exists(clone));
    }

    private static long DataSegments(string path)
    {
        using var file = File.OpenHandle(path);
        return SparseFile.DataSegmentBytes(file, new FileInfo(path).Length);
    }
}
