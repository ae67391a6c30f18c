using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// An archive past 4 GiB, where every size and offset needs its Zip64 field: one entry larger than 4 GiB and
/// entries, and the central directory, that start past 4 GiB. The big entry is a sparse file and the archive is
/// stored (level 0), so the test writes one 4 GiB file; it goes to memory (/dev/shm) when there is room, as
/// the archiver's flushes to disk would otherwise take most of the time. unzip -t, akkabackup restore and unzip
/// each take one core, so they run side by side.
/// </summary>
public sealed class Zip64Tests
{
    private const long GiB = 1024L * 1024 * 1024;

    [Fact]
    public async Task An_entry_and_offsets_past_4_GiB_pass_unzip_t_and_restore_exactly_with_akkabackup_and_unzip()
    {
        var root = Directory.CreateTempSubdirectory("akkabackup-zip64-").FullName;
        var memory = Directory.Exists("/dev/shm") && new DriveInfo("/dev/shm").AvailableFreeSpace > 12 * GiB
            ? Directory.CreateDirectory(Path.Combine("/dev/shm", Path.GetFileName(root))).FullName
            : root;
        try
        {
            var source = Path.Combine(memory, "source");
            Directory.CreateDirectory(Path.Combine(source, "zz-schema"));
            var bigLength = (4 * GiB) + (3 * 1024 * 1024) + 5;
            LargeFiles.WriteSparse(Path.Combine(source, "big.ibd"), bigLength,
                (0, Random(64 * 1024, 1)),
                ((2 * GiB) + 123, Random(1024 * 1024, 2)),
                ((4 * GiB) - 300, Random(600, 3)), // across 2^32
                (bigLength - 5, Random(5, 4)));
            File.WriteAllText(Path.Combine(source, "z-after.txt"), "an entry whose local header is past 4 GiB\n");
            File.WriteAllBytes(Path.Combine(source, "zz-schema", "last.frm"), Random(70_000, 5));
            var archive = Path.Combine(memory, "Data.zip");

            var result = await new DataDirectoryArchiver(new ArchiveOptions(ChunkSize: 64 * 1024 * 1024, CompressionLevel: 0))
                .CreateAsync(DataDirectoryScanner.Scan(source), archive, _ => { }, null, CancellationToken.None);

            var layout = ZipLayout.Read(archive);
            var big = layout.Entries.Single(e => e.Name == "big.ibd");
            Assert.Equal(bigLength, big.UncompressedSize);
            Assert.True(big.CompressedSize > uint.MaxValue, $"big.ibd is stored in {big.CompressedSize:N0} bytes");
            Assert.All(layout.Entries.Where(e => e.Name.StartsWith('z')), e => Assert.True(e.LocalHeaderOffset > uint.MaxValue, $"{e.Name} starts at {e.LocalHeaderOffset:N0}"));
            Assert.True(layout.CentralDirectoryOffset > uint.MaxValue, $"central directory at {layout.CentralDirectoryOffset:N0}");
            Assert.Equal(result.Length, new FileInfo(archive).Length);

            var restored = Path.Combine(memory, "restored");
            var unzipped = Path.Combine(root, "unzipped");
            var test = Checks.UnzipTestPassesAsync(archive);
            var restore = NodeProcess.RunAsync(root, TimeSpan.FromMinutes(5), "restore", archive, "--datadir", restored);
            var unzip = ProcessRunner.RunAsync(new ProcessCommand("unzip", ["-q", archive, "-d", unzipped]) { Timeout = TimeSpan.FromMinutes(5) });
            await Task.WhenAll(test, restore, unzip);

            var (restoreCode, restoreRun) = await restore;
            Assert.True(restoreCode == 0, $"akkabackup restore exited {restoreCode}:\n{restoreRun.Output}");
            AssertSameFiles(source, restored);

            // Restored sparse, as it was: the islands and a few blocks, not 4 GiB.
            Assert.InRange(await LargeFiles.AllocatedBytesAsync(Path.Combine(restored, "big.ibd")), 1024 * 1024, 8 * 1024 * 1024);
            var (unzipCode, unzipOutput) = await unzip;
            Assert.True(unzipCode == 0, $"unzip exited {unzipCode}: {unzipOutput}");
            AssertSameFiles(source, unzipped);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            if (memory != root)
            {
                Directory.Delete(memory, recursive: true);
            }
        }
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        Assert.Equal(Listing(expected), Listing(actual));
        foreach (var name in new[] { "big.ibd", "z-after.txt", Path.Combine("zz-schema", "last.frm") })
        {
            Assert.True(LargeFiles.FirstDifference(Path.Combine(expected, name), Path.Combine(actual, name)) is null, $"{actual}/{name} differs from the original");
        }
    }

    private static List<string> Listing(string directory) =>
        Directory.GetFileSystemEntries(directory, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal).ToList();

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
