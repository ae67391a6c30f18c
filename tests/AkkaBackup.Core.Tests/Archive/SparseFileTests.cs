using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.FileSystems;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>Sparse files (preallocated, or with holes punched by InnoDB page compression) archive without reading their holes and restore sparse.</summary>
public sealed class SparseFileTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly TempDirectory _temp = new("akkabackup-sparse");

    [Fact]
    public async Task A_file_of_islands_and_holes_is_measured_archived_and_restored_identical_and_sparse()
    {
        var source = _temp.PathOf("source");
        Directory.CreateDirectory(source);
        var islands = new (long, byte[])[]
        {
            (0, TestTree.Random(3000, seed: 1)),
            (64 * MiB + 100, TestTree.Random((int)MiB, seed: 2)),
            (100 * MiB - 10, TestTree.SemiCompressible(20, seed: 3)), // across a 4 KiB and a block boundary
            (160 * MiB - 5, TestTree.Random(5, seed: 4)), // the last bytes
        };
        LargeFiles.WriteSparse(Path.Combine(source, "islands.ibd"), 160 * MiB, islands);
        LargeFiles.WriteSparse(Path.Combine(source, "ibtmp1"), 48 * MiB + 7, (4096, TestTree.Random(8192, seed: 5)));
        var written = islands.Sum(i => (long)i.Item2.Length) + 8192;

        var scan = DataDirectoryScanner.Scan(source);
        Assert.Equal(208 * MiB + 7, scan.TotalBytes);

        // Data segments come in file system blocks: each island takes at most two more than its size.
        Assert.InRange(scan.DataSegmentBytes, written, written + (5 * 2 * 64 * 1024));
        Assert.InRange(scan.AllocatedBytes, written, written + (5 * 2 * 64 * 1024));
        Assert.Equal((scan.AllocatedBytes, scan.DataSegmentBytes), (scan.Entries.Sum(e => e.AllocatedBytes), scan.Entries.Sum(e => e.DataSegmentBytes)));
        Assert.All(scan.Entries, e => Assert.True(e.IsSparse));
        var archive = _temp.PathOf("Data.zip");
        await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(scan, archive, _ => { }, null, CancellationToken.None);
        await AssertUnzipTestPassesAsync(archive);
        Assert.All(ZipLayout.Read(archive).Entries, e => Assert.Equal(0x200u, e.ExternalAttributes & 0xFFFF)); // FILE_ATTRIBUTE_SPARSE_FILE

        var restored = _temp.PathOf("restored");
        var result = await ArchiveRestorer.RestoreAsync(archive, restored, new RestoreOptions(), CancellationToken.None);

        Assert.Equal(208 * MiB + 7, result.BytesRestored);
        foreach (var name in new[] { "islands.ibd", "ibtmp1" })
        {
            var restoredFile = Path.Combine(restored, name);
            Assert.Null(LargeFiles.FirstDifference(Path.Combine(source, name), restoredFile));
            Assert.Equal(new FileInfo(Path.Combine(source, name)).Length, new FileInfo(restoredFile).Length);
        }

        // Holes stay holes, the trailing ones too: only the islands' blocks are allocated.
        Assert.InRange(await LargeFiles.AllocatedBytesAsync(restored), written, written + (2 * MiB));
        Assert.InRange(await LargeFiles.AllocatedBytesAsync(restored), 0, await LargeFiles.AllocatedBytesAsync(source) + (64 * 1024));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task Holes_archive_to_the_same_bytes_as_written_zeros(int level)
    {
        // Whole blocks of holes first, in the middle and last; a block partly hole; a short hole at the end.
        var data = TestTree.Random((int)MiB + 300, seed: 7);
        var files = new (string Name, long Length, long DataAt)[] { ("aligned.ibd", 5 * MiB, 2 * MiB), ("short-tail.ibd", (3 * MiB) + 123, 0) };
        var time = new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
        foreach (var (kind, sparse) in new[] { ("holes", true), ("zeros", false) })
        {
            Directory.CreateDirectory(_temp.PathOf(kind));
            foreach (var (name, length, dataAt) in files)
            {
                var path = _temp.PathOf(kind, name);
                if (sparse)
                {
                    LargeFiles.WriteSparse(path, length, (dataAt, data));
                }
                else
                {
                    var content = new byte[length];
                    data.CopyTo(content, dataAt);
                    File.WriteAllBytes(path, content);
                }

                File.SetLastWriteTimeUtc(path, time);
            }
        }

        var holes = DataDirectoryScanner.Scan(_temp.PathOf("holes"));
        var zeros = DataDirectoryScanner.Scan(_temp.PathOf("zeros"));
        Assert.True(holes.DataSegmentBytes < 3 * MiB, $"{holes.DataSegmentBytes} bytes of data in the sparse files");
        Assert.Equal(zeros.TotalBytes, zeros.DataSegmentBytes);
        var options = new ArchiveOptions(CompressionLevel: level, Parallelism: 2);
        await new DataDirectoryArchiver(options).CreateAsync(holes, _temp.PathOf("holes.zip"), _ => { }, null, CancellationToken.None);
        await new DataDirectoryArchiver(options).CreateAsync(zeros, _temp.PathOf("zeros.zip"), _ => { }, null, CancellationToken.None);

        // Every byte up to the central directory is the same; there only the sparse-file attribute differs.
        var holesZip = File.ReadAllBytes(_temp.PathOf("holes.zip"));
        var zerosZip = File.ReadAllBytes(_temp.PathOf("zeros.zip"));
        var central = ZipLayout.Read(_temp.PathOf("holes.zip")).CentralDirectoryOffset;
        Assert.Equal(central, ZipLayout.Read(_temp.PathOf("zeros.zip")).CentralDirectoryOffset);
        Assert.True(zerosZip.AsSpan(0, (int)central).SequenceEqual(holesZip.AsSpan(0, (int)central)), "the holes did not deflate as their zeros do");
        Assert.Equal(holesZip.Length, zerosZip.Length);
        await AssertUnzipTestPassesAsync(_temp.PathOf("holes.zip"));
    }

    [Fact]
    public async Task Zeros_written_inside_a_sparse_file_restore_as_holes_where_whole_blocks_are_zero()
    {
        var source = _temp.PathOf("source");
        Directory.CreateDirectory(source);
        var content = new byte[(8 * MiB) + 4096 + 17];
        TestTree.Random(4096, seed: 8).CopyTo(content, 0);
        content[(5 * MiB) + 4095] = 1; // one byte keeps its block; the zeros on either side go
        content[^1] = 2;

        // Written zeros, and a hole at the end that makes it a sparse file.
        LargeFiles.WriteSparse(Path.Combine(source, "written.ibd"), content.Length + MiB, (0, content));
        var archive = _temp.PathOf("Data.zip");
        await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(DataDirectoryScanner.Scan(source), archive, _ => { }, null, CancellationToken.None);

        var restored = _temp.PathOf("restored");
        await ArchiveRestorer.RestoreAsync(archive, restored, new RestoreOptions(), CancellationToken.None);

        Assert.Null(LargeFiles.FirstDifference(Path.Combine(source, "written.ibd"), Path.Combine(restored, "written.ibd")));
        Assert.InRange(await LargeFiles.AllocatedBytesAsync(Path.Combine(restored, "written.ibd")), 3 * 4096, 64 * 1024);
    }

    [Fact]
    public async Task A_preallocated_file_is_restored_with_its_room_allocated_and_a_sparse_one_without()
    {
        var source = _temp.PathOf("source");
        Directory.CreateDirectory(source);
        var island = TestTree.Random(64 * 1024, seed: 9);

        // Like InnoDB extending ibdata1: fallocate (unwritten blocks, zeros to read, holes to SEEK_DATA), then some pages written.
        using (var file = File.OpenHandle(Path.Combine(source, "ibdata1"), FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: 32 * MiB))
        {
            RandomAccess.SetLength(file, 32 * MiB);
            RandomAccess.Write(file, island, 0);
        }

        LargeFiles.WriteSparse(Path.Combine(source, "punched.ibd"), 32 * MiB, (0, island));
        var scan = DataDirectoryScanner.Scan(source);
        var ibdata = scan.Entries.Single(e => e.RelativePath == "ibdata1");
        Assert.True(ibdata.AllocatedBytes >= 32 * MiB && ibdata.DataSegmentBytes < MiB, $"ibdata1: {ibdata.AllocatedBytes:N0} bytes allocated, {ibdata.DataSegmentBytes:N0} in data segments");
        Assert.False(ibdata.IsSparse);
        Assert.True(scan.Entries.Single(e => e.RelativePath == "punched.ibd").IsSparse);
        var archive = _temp.PathOf("Data.zip");
        await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(scan, archive, _ => { }, null, CancellationToken.None);

        var restored = _temp.PathOf("restored");
        await ArchiveRestorer.RestoreAsync(archive, restored, new RestoreOptions(), CancellationToken.None);

        Assert.InRange(await LargeFiles.AllocatedBytesAsync(Path.Combine(restored, "ibdata1")), 32 * MiB, 33 * MiB);
        Assert.InRange(await LargeFiles.AllocatedBytesAsync(Path.Combine(restored, "punched.ibd")), island.Length, 2 * island.Length);
        foreach (var name in new[] { "ibdata1", "punched.ibd" })
        {
            Assert.Null(LargeFiles.FirstDifference(Path.Combine(source, name), Path.Combine(restored, name)));
        }
    }

    [Fact]
    public async Task A_sparse_file_larger_than_the_target_volume_restores_into_it_and_a_full_file_is_refused_naming_sizes()
    {
        // 1 GiB apparent, 2 MiB of data: it fits a 64 MiB volume sparse, as it fitted its source disk.
        var source = _temp.PathOf("source");
        Directory.CreateDirectory(source);
        LargeFiles.WriteSparse(Path.Combine(source, "big.ibd"), 1024 * MiB, (512 * MiB, TestTree.Random(2 * (int)MiB, seed: 11)));
        var archive = _temp.PathOf("Data.zip");
        await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(DataDirectoryScanner.Scan(source), archive, _ => { }, null, CancellationToken.None);
        await using var volume = await LoopFileSystem.CreateAsync(FileSystemKind.Tmpfs, sizeMiB: 64);

        var result = await ArchiveRestorer.RestoreAsync(archive, Path.Combine(volume.MountPoint, "restored"), new RestoreOptions(), CancellationToken.None);

        Assert.Equal(1024 * MiB, result.BytesRestored);
        Assert.Null(LargeFiles.FirstDifference(Path.Combine(source, "big.ibd"), Path.Combine(volume.MountPoint, "restored", "big.ibd")));

        // The same length written out in full (no holes) needs its whole length: refused before anything is written.
        var full = _temp.PathOf("full");
        Directory.CreateDirectory(full);
        await using (var file = File.Create(Path.Combine(full, "big.ibd")))
        {
            file.SetLength(96 * MiB);
            file.Write(TestTree.Random((int)MiB, seed: 12));
            file.Position = 95 * MiB;
            file.Write(TestTree.Random((int)MiB, seed: 13));
        }

        await using (var fill = File.OpenWrite(Path.Combine(full, "big.ibd")))
        {
            // Zeros written for real: no holes left.
            fill.Position = MiB;
            fill.Write(new byte[94 * MiB]);
        }

        var fullArchive = _temp.PathOf("Full.zip");
        await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(DataDirectoryScanner.Scan(full), fullArchive, _ => { }, null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveRestorer.RestoreAsync(fullArchive, Path.Combine(volume.MountPoint, "full"), new RestoreOptions(), CancellationToken.None));
        Assert.Contains("expands to 100,663,296 bytes", refused.Message);
        Assert.Contains("nothing was extracted", refused.Message);
        Assert.False(File.Exists(Path.Combine(volume.MountPoint, "full", "big.ibd")));
    }

    private static async Task AssertUnzipTestPassesAsync(string archive)
    {
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand("unzip", ["-t", "-q", archive]) { Timeout = TimeSpan.FromMinutes(2) });
        Assert.True(code == 0, $"unzip -t {archive} exited {code}: {output}");
    }

    public void Dispose() => _temp.Dispose();
}
