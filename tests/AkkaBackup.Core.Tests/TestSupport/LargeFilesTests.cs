using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.TestSupport;

/// <summary>The comparison the big-file tests stand on skips holes: it must still see every difference.</summary>
public sealed class LargeFilesTests
{
    [Fact]
    public void FirstDifference_finds_a_byte_in_one_files_hole_in_data_and_at_the_end_and_none_in_a_copy()
    {
        const int MiB = 1024 * 1024;
        using var temp = new TempDirectory("akkabackup-largefiles");
        var island = new byte[100_000];
        new Random(1).NextBytes(island);
        var sparse = temp.PathOf("sparse");
        LargeFiles.WriteSparse(sparse, 16 * MiB, (4 * MiB, island));
        var dense = temp.PathOf("dense");
        var content = new byte[16 * MiB];
        island.CopyTo(content, 4 * MiB);
        File.WriteAllBytes(dense, content);

        Assert.Null(LargeFiles.FirstDifference(sparse, dense));
        Assert.Null(LargeFiles.FirstDifference(dense, sparse));

        foreach (var at in new[] { 0, (2 * MiB) + 7, (4 * MiB) + 99_999, (12 * MiB) + 1, (16 * MiB) - 1 })
        {
            var changed = temp.PathOf($"changed-{at}");
            var copy = (byte[])content.Clone();
            copy[at] ^= 0x40;
            File.WriteAllBytes(changed, copy);
            Assert.Equal(at, LargeFiles.FirstDifference(sparse, changed));
            Assert.Equal(at, LargeFiles.FirstDifference(changed, sparse));
        }

        var shorter = temp.PathOf("shorter");
        LargeFiles.WriteSparse(shorter, 15 * MiB, (4 * MiB, island));
        Assert.Equal(15 * MiB, LargeFiles.FirstDifference(sparse, shorter));
    }
}
