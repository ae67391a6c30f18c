namespace AkkaBackup.Core.Archive;

/// <summary>
/// How big the archive of a data directory will be, decided before the server is stopped, for the free-space
/// checks on the staging disk and on the receiver. Deflate is tried on samples spread evenly over the data (the
/// same blocks the archiver compresses, at the same level); the archive is then the data at the sampled ratio,
/// plus <paramref name="MarginPercent"/>, plus headers — never more than <see cref="UpperBound"/>, which holds
/// whatever the data (deflate grows incompressible bytes only slightly).
/// </summary>
/// <param name="DataBytes">The bytes that will be compressed: the files' data segments, holes of sparse files left out.</param>
/// <param name="HoleBytes">Holes of sparse files: deflated at deflate's best ratio (about 1:1000), not read.</param>
/// <param name="SampledBytes">How much of them was compressed to find <paramref name="SampledRatio"/>.</param>
/// <param name="SampledRatio">Compressed over raw size of the samples, 0 to about 1.</param>
/// <param name="Bytes">The estimate the checks use.</param>
public sealed record ArchiveSizeEstimate(long DataBytes, long HoleBytes, long SampledBytes, double SampledRatio, int MarginPercent, long Bytes)
{
    private const int PerEntryOverhead = 512;

    /// <summary>Deflate cannot do better than about 1:1032; a hole costs at least this share of its length.</summary>
    private const int HoleRatio = 1024;

    public override string ToString() =>
        $"{Bytes:N0} bytes ({DataBytes:N0} bytes of data at the sampled deflate ratio {SampledRatio:0.000} over {SampledBytes:N0} bytes" +
        (HoleBytes > 0 ? $", {HoleBytes:N0} bytes of holes" : "") + $", plus a {MarginPercent} % margin)";

    /// <summary>The archive cannot be larger than this, whatever the data.</summary>
    public static long UpperBound(long dataBytes, int entryCount) =>
        dataBytes + (dataBytes / 100) + ((long)entryCount * PerEntryOverhead) + (1024 * 1024);

    /// <summary>The estimate from a measured ratio: data × ratio × (1 + margin) plus headers, at most the upper bound.</summary>
    public static ArchiveSizeEstimate From(long dataBytes, long holeBytes, int entryCount, long sampledBytes, double ratio, int marginPercent)
    {
        var compressed = ((dataBytes * ratio) + (holeBytes / HoleRatio)) * (1 + (marginPercent / 100.0));
        var headers = ((long)entryCount * PerEntryOverhead) + (1024 * 1024);
        var bytes = Math.Min(UpperBound(dataBytes + holeBytes, entryCount), (long)Math.Ceiling(compressed) + headers);
        return new ArchiveSizeEstimate(dataBytes, holeBytes, sampledBytes, ratio, marginPercent, bytes);
    }
}
