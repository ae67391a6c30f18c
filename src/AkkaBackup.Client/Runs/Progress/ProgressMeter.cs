namespace AkkaBackup.Client.Runs.Progress;

/// <summary>
/// A run's progress as a person reads it: the run is done when the receiver has acknowledged the last byte of
/// the archive, so the share done is bytes acknowledged over the archive's size — its sealed length, or until
/// then the archive written so far scaled to the whole data directory at the ratio seen so far. Rates are
/// over the last <see cref="Window"/>, not since the start; the ETA is the later of "the rest read" and "the
/// rest sent" at those rates, so it covers the transfer, not only the archiving. Time comes in, never read.
/// </summary>
public sealed class ProgressMeter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Queue<Sample> _samples = new();

    public ProgressNumbers Measure(TimeSpan now, long dataRead, long dataTotal, long archiveWritten, long? sealedLength, long acknowledged)
    {
        _samples.Enqueue(new Sample(now, dataRead, acknowledged));
        while (_samples.Count > 2 && now - _samples.Peek().At > Window)
        {
            _samples.Dequeue();
        }

        var oldest = _samples.Peek();
        var seconds = (now - oldest.At).TotalSeconds;
        var readRate = seconds > 0 ? Math.Max(0, dataRead - oldest.DataRead) / seconds : 0;
        var sendRate = seconds > 0 ? Math.Max(0, acknowledged - oldest.Acknowledged) / seconds : 0;

        var expected = sealedLength ?? ExpectedArchive(dataRead, dataTotal, archiveWritten);
        var fraction = expected > 0 ? Math.Clamp((double)acknowledged / expected, 0, 1) : 0;
        var readLeft = sealedLength is null ? Math.Max(0, dataTotal - dataRead) : 0;
        var sendLeft = Math.Max(0, expected - acknowledged);
        var eta = expected == 0 ? null : Later(TimeLeft(readLeft, readRate), TimeLeft(sendLeft, sendRate));
        return new ProgressNumbers(expected, fraction, readRate, sendRate, eta);
    }

    /// <summary>Nothing read yet: unknown (0). Otherwise what is written so far, scaled by the data still to read.</summary>
    private static long ExpectedArchive(long dataRead, long dataTotal, long archiveWritten)
    {
        if (dataRead <= 0 || archiveWritten <= 0)
        {
            return 0;
        }

        var scaled = (double)archiveWritten * Math.Max(dataTotal, dataRead) / dataRead;
        return Math.Max(archiveWritten, (long)Math.Min(scaled, long.MaxValue / 2));
    }

    private static TimeSpan? TimeLeft(long bytesLeft, double bytesPerSecond) => bytesLeft switch
    {
        0 => TimeSpan.Zero,
        _ when bytesPerSecond > 0 => TimeSpan.FromSeconds(Math.Min(bytesLeft / bytesPerSecond, TimeSpan.FromDays(99).TotalSeconds)),
        _ => null,
    };

    private static TimeSpan? Later(TimeSpan? a, TimeSpan? b) => a is { } x && b is { } y ? (x > y ? x : y) : null;

    private readonly record struct Sample(TimeSpan At, long DataRead, long Acknowledged);
}

/// <param name="ArchiveBytesExpected">The sealed length, or the extrapolation while archiving; 0 before any data is read.</param>
/// <param name="Fraction">Bytes acknowledged over <paramref name="ArchiveBytesExpected"/>, 0 to 1.</param>
/// <param name="Eta">Null while a rate is still unknown (nothing moved in the window).</param>
public sealed record ProgressNumbers(long ArchiveBytesExpected, double Fraction, double ReadBytesPerSecond, double SentBytesPerSecond, TimeSpan? Eta)
{
    public static readonly ProgressNumbers None = new(0, 0, 0, 0, null);
}
