using AkkaBackup.Core.Archive;
using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>
/// Copy-ahead on real files: the copier and the archiver's reader share the segments of a data directory, the
/// release comes once every byte is read or copied, copies are checked when read back, and the archive written
/// through copies is the archive written without them, byte for byte.
/// </summary>
public sealed class CopyAheadTests : IDisposable
{
    private const int BlockSize = 64 * 1024;
    private const long SegmentSize = (long)CopyAhead.BlocksPerSegment * BlockSize;

    private readonly TestTree _tree = new();

    private string Copies => _tree.Target("Data.zip.copy");

    [Fact]
    public async Task A_copier_alone_copies_every_segment_from_the_last_and_releases_the_source()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);
        var releases = new List<SourceReleased>();
        var copy = new CopyAhead(scan, new CopyAheadOptions(Copies, 0), BlockSize, () => 0, releases.Add);

        await copy.CopyAsync(CancellationToken.None);

        var released = Assert.Single(releases);
        Assert.Equal(FileBytes(scan), released.CopiedBytes);
        Assert.Equal(0, released.ReadBytes);
        Assert.Equal("copied everything", released.StoppedBecause);
        Assert.Equal(copy.SegmentCount, Directory.GetFiles(Copies).Length);

        // Every block the reader gets from a copy is the source's block.
        for (var s = 0; s < copy.SegmentCount; s++)
        {
            var copied = await copy.ClaimAsync(s, CancellationToken.None);
            Assert.NotNull(copied);
            var segment = copy[s];
            var source = File.ReadAllBytes(Path.Combine(scan.Root, scan.Entries[segment.Entry].RelativePath));
            using var handle = File.OpenHandle(copied.Path);
            for (var b = 0; b < copied.BlockHashes.Length; b++)
            {
                var offset = segment.Offset + ((long)b * BlockSize);
                var length = (int)Math.Min(BlockSize, source.Length - offset);
                var block = new byte[length];
                copied.ReadBlock(handle, b, BlockSize, block, "test");
                Assert.True(block.AsSpan().SequenceEqual(source.AsSpan((int)offset, length)), $"segment {s} block {b} differs");
            }
        }
    }

    [Fact]
    public async Task The_copier_stops_where_the_reader_is_and_the_release_waits_for_the_reader()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);
        var releases = new List<SourceReleased>();
        var copy = new CopyAhead(scan, new CopyAheadOptions(Copies, 0), BlockSize, () => 0, releases.Add);
        Assert.True(copy.SegmentCount >= 4, $"the test tree has {copy.SegmentCount} segments");

        // The reader holds the first two segments (reading them from the source) when the copier starts.
        Assert.Null(await copy.ClaimAsync(0, CancellationToken.None));
        Assert.Null(await copy.ClaimAsync(1, CancellationToken.None));
        await copy.CopyAsync(CancellationToken.None);

        Assert.Empty(releases);
        Assert.Equal(copy.SegmentCount - 2, Directory.GetFiles(Copies).Length);
        copy.SourceRead(0);
        Assert.Empty(releases);
        copy.SourceRead(1);

        var released = Assert.Single(releases);
        Assert.Equal("met the compressor", released.StoppedBecause);
        Assert.Equal(copy[0].Length + copy[1].Length, released.ReadBytes);
        Assert.Equal(FileBytes(scan), released.ReadBytes + released.CopiedBytes);
    }

    [Fact]
    public async Task Nothing_is_copied_that_would_leave_the_archive_less_room_than_its_estimate()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);
        var releases = new List<SourceReleased>();
        var free = new DriveInfo(_tree.Root).AvailableFreeSpace;
        var copy = new CopyAhead(scan, new CopyAheadOptions(Copies, free), BlockSize, () => 0, releases.Add);

        await copy.CopyAsync(CancellationToken.None);

        Assert.Empty(Directory.GetFiles(Copies));
        for (var s = 0; s < copy.SegmentCount; s++)
        {
            Assert.Null(await copy.ClaimAsync(s, CancellationToken.None));
            copy.SourceRead(s);
        }

        var released = Assert.Single(releases);
        Assert.Equal(0, released.CopiedBytes);
        Assert.StartsWith("staging space: ", released.StoppedBecause);
        Assert.Contains("the archive needs up to", released.StoppedBecause);
    }

    [Fact]
    public async Task A_copy_changed_on_the_staging_disk_is_refused_when_read_back_naming_the_file()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);
        var copy = new CopyAhead(scan, new CopyAheadOptions(Copies, 0), BlockSize, () => 0, _ => { });
        await copy.CopyAsync(CancellationToken.None);
        var last = Enumerable.Range(0, copy.SegmentCount).Last(s => copy[s].Length > 2 * BlockSize);
        var copied = (await copy.ClaimAsync(last, CancellationToken.None))!;
        var flipAt = BlockSize + 100;
        using (var damage = File.OpenHandle(copied.Path, FileMode.Open, FileAccess.ReadWrite))
        {
            var one = new byte[1];
            RandomAccess.Read(damage, one, flipAt);
            one[0] ^= 0x5A;
            RandomAccess.Write(damage, one, flipAt);
        }

        using var handle = File.OpenHandle(copied.Path);
        var block = flipAt / BlockSize;
        var length = (int)Math.Min(BlockSize, copy[last].Length - ((long)block * BlockSize));
        var error = Assert.Throws<ArchiveException>(() => copied.ReadBlock(handle, block, BlockSize, new byte[length], "shop/random.bin"));

        Assert.Contains("shop/random.bin", error.Message);
        Assert.Contains(copied.Path, error.Message);
        Assert.Contains("no longer holds what was copied", error.Message);
    }

    [Fact]
    public async Task An_archive_written_through_copies_is_byte_for_byte_the_archive_written_without_them()
    {
        var options = new ArchiveOptions(ChunkSize: 256 * 1024, BlockSize: BlockSize, Parallelism: 1, CompressionLevel: 6);
        var plain = _tree.Target("plain.zip");
        await new DataDirectoryArchiver(options).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), plain, _ => { }, null, CancellationToken.None);
        var releases = new List<SourceReleased>();

        var result = await new DataDirectoryArchiver(options).CreateAsync(
            DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => { }, null, CancellationToken.None, new CopyAheadOptions(Copies, 0), releases.Add);

        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_tree.Archive));
        Assert.Equal(new FileInfo(plain).Length, result.Length);
        var released = Assert.Single(releases);
        Assert.Equal(result.DataBytes, released.ReadBytes + released.CopiedBytes);
        Assert.False(Directory.Exists(Copies), "the copies are removed with the archive written");
    }

    [Fact]
    public async Task Sparse_files_copy_without_their_holes_and_archive_identical()
    {
        const long MiB = 1024 * 1024;
        var source = _tree.Source;
        LargeFiles.WriteSparse(Path.Combine(source, "islands.ibd"), 40 * MiB, (0, TestTree.Random(3000, seed: 7)), (20 * MiB + 5, TestTree.Random((int)MiB, seed: 8)), (40 * MiB - 3, [1, 2, 3]));
        var scan = DataDirectoryScanner.Scan(source);
        var copy = new CopyAhead(scan, new CopyAheadOptions(Copies, 0), BlockSize, () => 0, _ => { });

        await copy.CopyAsync(CancellationToken.None);

        var copiedBytes = Directory.GetFiles(Copies).Sum(f => new FileInfo(f).Length);
        var allocated = Directory.GetFiles(Copies).Sum(f => SparseFile.AllocatedBytes(File.OpenHandle(f), new FileInfo(f).Length));
        Assert.True(allocated < 16 * MiB, $"the copies take {allocated:N0} bytes on disk ({copiedBytes:N0} apparent) for 40 MiB of mostly holes and 10 MiB of data");

        var options = new ArchiveOptions(ChunkSize: 256 * 1024, BlockSize: BlockSize);
        var plain = _tree.Target("plain.zip");
        await new DataDirectoryArchiver(options).CreateAsync(DataDirectoryScanner.Scan(source), plain, _ => { }, null, CancellationToken.None);
        Directory.Delete(Copies, recursive: true);
        await new DataDirectoryArchiver(options).CreateAsync(DataDirectoryScanner.Scan(source), _tree.Archive, _ => { }, null, CancellationToken.None, new CopyAheadOptions(Copies, 0));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_tree.Archive));
    }

    [Fact]
    public async Task A_staging_directory_that_cannot_take_copies_only_means_nothing_is_copied()
    {
        // The copy directory's parent is a file: it cannot be made.
        File.WriteAllText(_tree.Target("not-a-directory"), "");
        var releases = new List<SourceReleased>();
        var options = new ArchiveOptions(ChunkSize: 256 * 1024, BlockSize: BlockSize);

        var result = await new DataDirectoryArchiver(options).CreateAsync(
            DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => { }, null, CancellationToken.None,
            new CopyAheadOptions(Path.Combine(_tree.Target("not-a-directory"), "copies"), 0), releases.Add);

        var released = Assert.Single(releases);
        Assert.Equal(0, released.CopiedBytes);
        Assert.Equal(result.DataBytes, released.ReadBytes);
        Assert.StartsWith("cannot use ", released.StoppedBecause);
    }

    [Fact]
    public async Task A_file_changed_since_the_scan_fails_the_archive_whoever_reaches_it_and_leaves_no_copies()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);
        // small.txt sorts last: the copier reaches it first.
        File.AppendAllText(Path.Combine(_tree.Source, "small.txt"), "written by a server that was not stopped");

        var error = await Assert.ThrowsAsync<ArchiveException>(() => new DataDirectoryArchiver(new ArchiveOptions(BlockSize: BlockSize))
            .CreateAsync(scan, _tree.Archive, _ => { }, null, CancellationToken.None, new CopyAheadOptions(Copies, 0)));

        Assert.Contains("small.txt", error.Message);
        Assert.Contains("changed size", error.Message);
        Assert.False(File.Exists(_tree.Archive));
        Assert.False(Directory.Exists(Copies));
    }

    private static long FileBytes(DataDirectoryScan scan) => scan.Entries.Where(e => !e.IsDirectory).Sum(e => e.Length);

    public void Dispose() => _tree.Dispose();
}
