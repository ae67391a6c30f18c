using AkkaBackup.Client.Snapshots;
using AkkaBackup.TestSupport.FileSystems;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>Removing clones, finding the ones a crash left, and naming them.</summary>
public sealed class CloneRemovalTests
{
    [Fact]
    public async Task A_reflink_clone_is_removed_completely_without_following_its_links()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Xfs);
        var (data, plan, clone) = await SampleTree.WritePlannedAsync(fs);
        var outside = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "tablespaces")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "t.ibd"), "not the clone's");
        File.CreateSymbolicLink(Path.Combine(data, "linked directory"), outside);
        await DataDirectoryClone.CloneAsync(plan, clone, null, SnapshotTools.Default, CancellationToken.None);
        var original = await SampleTree.ListAsync(data);

        await DataDirectoryClone.RemoveAsync(clone, null, SnapshotTools.Default);
        await DataDirectoryClone.RemoveAsync(clone, null, SnapshotTools.Default); // idempotent

        Assert.False(Path.Exists(clone));
        Assert.Equal("not the clone's", await File.ReadAllTextAsync(Path.Combine(outside, "t.ibd")));
        Assert.Equal(original, await SampleTree.ListAsync(data));
    }

    [Theory]
    [InlineData("mysql")]
    [InlineData("")]
    [InlineData("akkabackup-clone-1")]
    public async Task A_path_without_the_prefix_is_refused_and_left_alone(string name)
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Tmpfs, 16);
        var path = Path.Combine(fs.MountPoint, name);
        await File.WriteAllTextAsync(Path.Combine(fs.MountPoint, "keep"), "x");

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => DataDirectoryClone.RemoveAsync(path, null, SnapshotTools.Default));

        Assert.StartsWith($"{Path.TrimEndingDirectorySeparator(path)} is not a data directory clone: its name does not start with .akkabackup-clone-", refusal.Message);
        Assert.True(File.Exists(Path.Combine(fs.MountPoint, "keep")));
    }

    [Fact]
    public async Task Strays_are_the_clones_of_runs_not_kept()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Tmpfs, 16);
        var kept = Directory.CreateDirectory(DataDirectoryClone.PathFor(fs.MountPoint, "run-2")).FullName;
        var stray = Directory.CreateDirectory(DataDirectoryClone.PathFor(fs.MountPoint, "run-1")).FullName;
        Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql"));

        var strays = DataDirectoryClone.Strays(fs.MountPoint, new HashSet<string> { "run-2" });

        Assert.Equal([stray], strays);
        Assert.True(Directory.Exists(kept));
        Assert.Empty(DataDirectoryClone.Strays(Path.Combine(fs.MountPoint, "missing"), new HashSet<string>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("run 1")]
    [InlineData("run.1")]
    public void A_run_id_other_than_letters_digits_and_dashes_is_refused(string runId)
    {
        var refusal = Assert.Throws<ArgumentException>(() => DataDirectoryClone.PathFor("/var/lib", runId));

        Assert.StartsWith($"run id '{runId}' must be 1 to 200 letters, digits or '-'", refusal.Message);
    }

    [Fact]
    public void A_clone_path_is_the_prefix_and_the_run_id_in_the_clone_root()
    {
        Assert.Equal("/var/lib/.akkabackup-clone-0195b6f2-7c1e-7a3b-9d4e-aa55", DataDirectoryClone.PathFor("/var/lib", "0195b6f2-7c1e-7a3b-9d4e-aa55"));
    }
}
