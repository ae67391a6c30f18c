using System.IO.Compression;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Archive;

public sealed class DataDirectoryArchiverTests : IDisposable
{
    private readonly TestTree _tree = new();

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task The_archive_passes_unzip_t_and_extracts_to_identical_files(int parallelism)
    {
        var result = await Archive(new ArchiveOptions(ChunkSize: 256 * 1024, BlockSize: 256 * 1024, Parallelism: parallelism));

        var (test, testOutput) = await ProcessRunner.RunAsync(new ProcessCommand("unzip", ["-t", _tree.Archive]) { Timeout = TimeSpan.FromMinutes(1) });
        Assert.True(test == 0, testOutput);
        Assert.Contains("No errors detected", testOutput);
        var extracted = _tree.Target("unzipped");
        var (unzip, unzipOutput) = await ProcessRunner.RunAsync(new ProcessCommand("unzip", ["-q", _tree.Archive, "-d", extracted]) { Timeout = TimeSpan.FromMinutes(1) });
        Assert.True(unzip == 0, unzipOutput);
        TestTree.AssertSameTree(_tree.Source, extracted);
        Assert.Equal(new FileInfo(_tree.Archive).Length, result.Length);
        Assert.Equal(6, result.FileCount);
    }

    [Fact]
    public async Task Chunks_are_sealed_in_order_cover_the_file_and_are_on_disk_when_announced()
    {
        var chunks = new SealedChunkRecorder(_tree.Archive);
        var options = new ArchiveOptions(ChunkSize: 64 * 1024, BlockSize: 128 * 1024, Parallelism: 2);

        var result = await new DataDirectoryArchiver(options).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, chunks.OnSealed, null, CancellationToken.None);

        await chunks.AssertTheyCoverAsync(result, options.ChunkSize);
    }

    [Fact]
    public async Task Dotnet_ZipArchive_reads_the_zip64_structures_modes_and_crcs()
    {
        await Archive(new ArchiveOptions());

        using var zip = ZipFile.OpenRead(_tree.Archive);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("empty-dir/", names);
        Assert.Contains("nested/deeper/ünïcødé name.frm", names);
        var small = zip.GetEntry("small.txt")!;
        Assert.Equal(0x1A0, (small.ExternalAttributes >> 16) & 0xFFF); // 0640
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(File.ReadAllBytes(Path.Combine(_tree.Source, "small.txt"))), small.Crc32);
    }

    [Fact]
    public async Task Parallel_blocks_compress_about_as_well_as_one_stream()
    {
        var result = await Archive(new ArchiveOptions(BlockSize: 1024 * 1024, Parallelism: 4));

        // 5 MiB of text, 2 MiB random, 3 MiB zeros: the block boundaries must not cost more than a few percent.
        var whole = new MemoryStream();
        await using (var deflate = new DeflateStream(whole, new ZLibCompressionOptions { CompressionLevel = 2 }, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(_tree.Source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                deflate.Write(File.ReadAllBytes(file));
            }
        }

        Assert.True(result.Length < whole.Length * 1.05 + 16 * 1024, $"archive {result.Length} bytes vs one deflate stream {whole.Length}");
    }

    [Fact]
    public async Task A_cancelled_archive_is_deleted()
    {
        using var cancel = new CancellationTokenSource();
        var options = new ArchiveOptions(ChunkSize: 64 * 1024, BlockSize: 64 * 1024, Parallelism: 1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DataDirectoryArchiver(options)
            .CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => cancel.Cancel(), null, cancel.Token));

        Assert.False(File.Exists(_tree.Archive));
    }

    [Fact]
    public async Task A_file_that_changes_size_after_the_scan_fails_the_archive_naming_it()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);
        File.AppendAllText(Path.Combine(_tree.Source, "small.txt"), "written by a server that was not stopped");

        var error = await Assert.ThrowsAsync<ArchiveException>(() => new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(scan, _tree.Archive, _ => { }, null, CancellationToken.None));

        Assert.Contains("small.txt", error.Message);
        Assert.Contains("changed size", error.Message);
        Assert.False(File.Exists(_tree.Archive));
    }

    [Fact]
    public async Task An_existing_archive_is_never_overwritten()
    {
        File.WriteAllText(_tree.Archive, "a kept backup");

        var error = await Assert.ThrowsAsync<ArchiveException>(() => Archive(new ArchiveOptions()));
        Assert.Contains("already exists", error.Message);

        Assert.Equal("a kept backup", File.ReadAllText(_tree.Archive));
    }

    private Task<ArchiveResult> Archive(ArchiveOptions options) =>
        new DataDirectoryArchiver(options).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => { }, null, CancellationToken.None);

    public void Dispose() => _tree.Dispose();
}
