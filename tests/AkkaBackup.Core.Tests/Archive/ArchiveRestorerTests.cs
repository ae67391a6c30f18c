using System.IO.Compression;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Tests.Archive;

public sealed class ArchiveRestorerTests : IDisposable
{
    private readonly TestTree _tree = new();

    [Fact]
    public async Task Restores_files_modes_and_empty_directories_after_checking_the_sha256()
    {
        var result = await Archive();
        var target = _tree.Target("restored");

        var restored = await ArchiveRestorer.RestoreAsync(_tree.Archive, target, new RestoreOptions(ExpectedSha256: result.Sha256), CancellationToken.None);

        TestTree.AssertSameTree(_tree.Source, target);
        Assert.Equal(6, restored.FilesRestored);
        Assert.Equal(result.Sha256, restored.Sha256);
    }

    [Fact]
    public async Task A_sha256_mismatch_is_refused_before_anything_is_extracted()
    {
        await Archive();
        var target = _tree.Target("restored");

        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(_tree.Archive, target, new RestoreOptions(ExpectedSha256: new string('0', 64)), CancellationToken.None));

        Assert.Contains(new string('0', 64), error.Message);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task A_non_empty_target_is_refused_unless_forced()
    {
        await Archive();
        var target = _tree.Target("busy");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.me"), "operator data");

        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(_tree.Archive, target, new RestoreOptions(), CancellationToken.None));
        Assert.Contains(target, error.Message);
        Assert.Single(Directory.GetFileSystemEntries(target));

        await ArchiveRestorer.RestoreAsync(_tree.Archive, target, new RestoreOptions(Force: true), CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(target, "shop", "orders.ibd")));
        Assert.True(File.Exists(Path.Combine(target, "keep.me")));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("/abs/evil.txt")]
    [InlineData("a/../../evil.txt")]
    [InlineData("a\\..\\evil.txt")]
    public async Task Entries_that_would_escape_the_target_are_refused(string entryName)
    {
        var hostile = _tree.Target("hostile.zip");
        using (var zip = ZipFile.Open(hostile, ZipArchiveMode.Create))
        {
            await using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
            await writer.WriteAsync("escaped");
        }

        var target = _tree.Target("restored");
        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(hostile, target, new RestoreOptions(), CancellationToken.None));

        Assert.Contains(entryName, error.Message);
        Assert.False(File.Exists(Path.Combine(_tree.Root, "evil.txt")));
        Assert.False(File.Exists("/abs/evil.txt"));
    }

    [Fact]
    public async Task A_damaged_archive_is_reported_not_restored_silently()
    {
        await Archive();
        var bytes = await File.ReadAllBytesAsync(_tree.Archive);
        var offset = IndexOf(bytes, "customer"u8.ToArray()) is var i and >= 0 ? i : bytes.Length / 3;
        bytes[offset + 64] ^= 0x55;
        var damaged = _tree.Target("damaged.zip");
        await File.WriteAllBytesAsync(damaged, bytes);

        await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(damaged, _tree.Target("restored"), new RestoreOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_owner_is_named()
    {
        await Archive();

        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(_tree.Archive, _tree.Target("r"), new RestoreOptions(Owner: "no-such-user-xyz"), CancellationToken.None));

        Assert.Contains("no-such-user-xyz", error.Message);
    }

    private Task<ArchiveResult> Archive() =>
        new DataDirectoryArchiver(new ArchiveOptions(BlockSize: 256 * 1024)).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => { }, null, CancellationToken.None);

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    public void Dispose() => _tree.Dispose();
}
