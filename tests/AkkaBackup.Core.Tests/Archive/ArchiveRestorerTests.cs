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

    [Fact]
    public async Task Setuid_setgid_and_sticky_bits_in_an_archive_are_not_restored()
    {
        var archive = _tree.Target("modes.zip");
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("bin/tool");
            entry.ExternalAttributes = Convert.ToInt32("107755", 8) << 16;
            await using var writer = new StreamWriter(entry.Open());
            await writer.WriteAsync("#!/bin/sh");
        }

        var target = _tree.Target("restored");
        await ArchiveRestorer.RestoreAsync(archive, target, new RestoreOptions(), CancellationToken.None);

        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(Path.Combine(target, "bin", "tool")));
    }

    [Fact]
    public async Task A_symbolic_link_in_the_target_is_never_followed_not_even_with_force()
    {
        await Archive();
        var outside = _tree.Target("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "victim"), "not yours");

        // A link where a directory of the archive goes: refused, nothing written through it.
        var throughDirectory = _tree.Target("linked-dir");
        Directory.CreateDirectory(throughDirectory);
        Directory.CreateSymbolicLink(Path.Combine(throughDirectory, "shop"), outside);
        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(_tree.Archive, throughDirectory, new RestoreOptions(Force: true), CancellationToken.None));
        Assert.Contains("is a symbolic link", error.Message);
        Assert.Equal(["victim"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));

        // A link where a file goes: the link itself is replaced, its target untouched.
        var throughFile = _tree.Target("linked-file");
        Directory.CreateDirectory(Path.Combine(throughFile, "shop"));
        File.CreateSymbolicLink(Path.Combine(throughFile, "shop", "orders.ibd"), Path.Combine(outside, "victim"));
        await ArchiveRestorer.RestoreAsync(_tree.Archive, throughFile, new RestoreOptions(Force: true), CancellationToken.None);
        Assert.Equal("not yours", File.ReadAllText(Path.Combine(outside, "victim")));
        Assert.Null(new FileInfo(Path.Combine(throughFile, "shop", "orders.ibd")).LinkTarget);
        TestTree.AssertSameTree(_tree.Source, throughFile, compareModes: false);
    }

    [Fact]
    public async Task An_archive_holding_more_than_its_manifest_records_is_refused_before_anything_is_written()
    {
        var result = await Archive();
        var target = _tree.Target("restored");

        var moreFiles = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(_tree.Archive, target,
            new RestoreOptions(Expected: new ExpectedContent(result.DataBytes, result.FileCount - 1)), CancellationToken.None));
        var moreBytes = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(_tree.Archive, target,
            new RestoreOptions(Expected: new ExpectedContent(result.DataBytes - 1, result.FileCount)), CancellationToken.None));

        Assert.Contains($"manifest records {result.FileCount - 1:N0} files", moreFiles.Message);
        Assert.Contains("nothing was extracted", moreBytes.Message);
        Assert.Empty(Directory.Exists(target) ? Directory.GetFileSystemEntries(target) : []);
        await ArchiveRestorer.RestoreAsync(_tree.Archive, target, new RestoreOptions(Expected: new ExpectedContent(result.DataBytes, result.FileCount)), CancellationToken.None);
    }

    [Fact]
    public async Task An_entry_that_expands_past_the_size_it_records_is_stopped_there()
    {
        var bomb = _tree.Target("bomb.zip");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            await using var stream = zip.CreateEntry("ibdata1", CompressionLevel.Optimal).Open();
            await stream.WriteAsync(new byte[8 * 1024 * 1024]);
        }

        // The entry says 1,000 bytes (local header and central directory); its deflate stream holds 8 MiB.
        var bytes = await File.ReadAllBytesAsync(bomb);
        foreach (var (signature, offset) in new[] { ("PK\u0003\u0004", 22), ("PK\u0001\u0002", 24) })
        {
            var at = bytes.AsSpan().IndexOf(System.Text.Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Unescape(signature)));
            BitConverter.TryWriteBytes(bytes.AsSpan(at + offset, 4), 1000u);
        }

        await File.WriteAllBytesAsync(bomb, bytes);
        var target = _tree.Target("restored");

        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(bomb, target, new RestoreOptions(), CancellationToken.None));

        Assert.Contains("ibdata1", error.Message);
        Assert.InRange(new FileInfo(Path.Combine(target, "ibdata1")).Length, 0, 1000);
    }

    private Task<ArchiveResult> Archive() =>
        new DataDirectoryArchiver(new ArchiveOptions(BlockSize: 256 * 1024)).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => { }, null, CancellationToken.None);

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    public void Dispose() => _tree.Dispose();
}
