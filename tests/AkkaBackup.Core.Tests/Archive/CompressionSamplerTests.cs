using AkkaBackup.Core.Archive;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>Pre-flight's archive estimate: close to what the archiver really writes, above it by the margin, never above the upper bound.</summary>
public sealed class CompressionSamplerTests
{
    [Fact]
    public async Task The_estimate_of_a_mixed_data_directory_is_above_the_real_archive_by_about_the_margin_and_far_below_the_old_bound()
    {
        using var tree = new TestTree();
        var scan = DataDirectoryScanner.Scan(tree.Source);

        var estimate = CompressionSampler.Estimate(scan, compressionLevel: 2, marginPercent: 25, CancellationToken.None);
        var real = await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(scan, tree.Archive, _ => { }, null, CancellationToken.None);

        Assert.Equal(scan.TotalBytes, estimate.DataBytes);
        Assert.True(estimate.Bytes >= real.Length, $"estimate {estimate.Bytes:N0} must cover the archive {real.Length:N0}");
        Assert.True(estimate.Bytes < ArchiveSizeEstimate.UpperBound(scan.TotalBytes, scan.Entries.Count) * 0.8,
            $"estimate {estimate.Bytes:N0} should be well below the data size {scan.TotalBytes:N0} for data that compresses");
        Assert.InRange(estimate.SampledBytes, 1, 32L * 1024 * 1024);
    }

    [Fact]
    public void Data_that_does_not_compress_is_estimated_at_the_upper_bound_never_above_it()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.PathOf("random.bin"), TestTree.Random(8 * 1024 * 1024, seed: 7));
        var scan = DataDirectoryScanner.Scan(temp.Root);

        var estimate = CompressionSampler.Estimate(scan, compressionLevel: 2, marginPercent: 25, CancellationToken.None);

        Assert.InRange(estimate.SampledRatio, 0.99, 1.0);
        Assert.Equal(ArchiveSizeEstimate.UpperBound(scan.TotalBytes, scan.Entries.Count), estimate.Bytes);
    }

    [Fact]
    public void The_margin_is_applied_to_the_sampled_size_and_stated()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.PathOf("text.ibd"), TestTree.SemiCompressible(64 * 1024 * 1024, seed: 3));
        var scan = DataDirectoryScanner.Scan(temp.Root);

        var none = CompressionSampler.Estimate(scan, 2, marginPercent: 0, CancellationToken.None);
        var half = CompressionSampler.Estimate(scan, 2, marginPercent: 50, CancellationToken.None);

        // Samples are spread over the whole file, not its first megabytes.
        Assert.Equal(32L * 1024 * 1024, none.SampledBytes);
        var headers = none.Bytes - (long)Math.Ceiling(none.DataBytes * none.SampledRatio);
        Assert.InRange(half.Bytes - headers, (long)((none.Bytes - headers) * 1.5) - 2, (long)((none.Bytes - headers) * 1.5) + 2);
        Assert.Contains("plus a 50 % margin", half.ToString());
        Assert.Contains($"{half.Bytes:N0} bytes", half.ToString());
    }

    [Fact]
    public async Task A_sparse_file_is_estimated_by_its_data_and_its_holes_cost_what_deflate_makes_of_them()
    {
        using var temp = new TempDirectory();
        var path = temp.PathOf("ibtmp1");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            // 256 MiB apparent: 4 MiB of random data at 100 MiB, the rest holes.
            file.SetLength(256L * 1024 * 1024);
            file.Position = 100L * 1024 * 1024;
            await file.WriteAsync(TestTree.Random(4 * 1024 * 1024, seed: 11));
        }

        var scan = DataDirectoryScanner.Scan(temp.Root);
        var estimate = CompressionSampler.Estimate(scan, 2, 25, CancellationToken.None);
        var real = await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(scan, temp.PathOf("..", Path.GetFileName(temp.Root) + ".zip"), _ => { }, null, CancellationToken.None);
        File.Delete(real.ArchivePath);

        Assert.Equal(4L * 1024 * 1024, estimate.DataBytes);
        Assert.Equal(252L * 1024 * 1024, estimate.HoleBytes);
        Assert.InRange(estimate.SampledRatio, 0.99, 1.0);
        Assert.InRange(estimate.Bytes, real.Length, 8L * 1024 * 1024);
        Assert.Contains("bytes of holes", estimate.ToString());
    }

    [Fact]
    public void An_empty_data_directory_needs_only_room_for_the_headers()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.PathOf("mysql"));
        File.WriteAllBytes(temp.PathOf("mysql", "empty.frm"), []);

        var estimate = CompressionSampler.Estimate(DataDirectoryScanner.Scan(temp.Root), 2, 25, CancellationToken.None);

        Assert.Equal(0, estimate.SampledBytes);
        Assert.InRange(estimate.Bytes, 1, 2 * 1024 * 1024);
    }
}
