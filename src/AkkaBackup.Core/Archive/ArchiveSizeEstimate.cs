namespace AkkaBackup.Core.Archive;

/// <summary>
/// How big the archive of a data directory will be, decided before the server is stopped, for the free-space
/// checks on the staging disk and on the receiver. Deflate is tried on samples spread evenly over the data (the
/// same blocks the archiver compresses, at the same level); the archive is then the data at the sampled ratio,
/// plus <paramref name="MarginPercent"/>, plus headers — never more than <see cref="UpperBound"/>, which holds
/// whatever the data (deflate grows incompressible bytes only slightly).
/// </summary>
/// <param name="DataBytes">The bytes that will be compressed.</param>
/// <param name="SampledBytes">How much of them was compressed to find <paramref name="SampledRatio"/>.</param>
/// <param name="SampledRatio">Compressed over raw size of the samples, 0 to about 1.</param>
/// <param name="Bytes">The estimate the checks use.</param>
public sealed record ArchiveSizeEstimate(long DataBytes, long SampledBytes, double SampledRatio, int MarginPercent, long Bytes)
{
    private const int PerEntryOverhead = 512;

    public override string ToString() =>
        $"{Bytes:N0} bytes ({DataBytes:N0} bytes of data at the sampled deflate ratio {SampledRatio:0.000} over {SampledBytes:N0} bytes, plus a {MarginPercent} % margin)";

    /// <summary>The archive cannot be larger than this, whatever the data.</summary>
    public static long UpperBound(long dataBytes, int entryCount) =>
        dataBytes + (dataBytes / 100) + ((long)entryCount * PerEntryOverhead) + (1024 * 1024);

    /// <summary>The estimate from a measured ratio: data × ratio × (1 + margin) plus headers, at most the upper bound.</summary>
    public static ArchiveSizeEstimate From(long dataBytes, int entryCount, long sampledBytes, double ratio, int marginPercent)
    {
        var compressed = dataBytes * ratio * (1 + (marginPercent / 100.0));
        var headers = ((long)entryCount * PerEntryOverhead) + (1024 * 1024);
        var bytes = Math.Min(UpperBound(dataBytes, entryCount), (long)Math.Ceiling(compressed) + headers);
        return new ArchiveSizeEstimate(dataBytes, sampledBytes, ratio, marginPercent, bytes);
    }
}
