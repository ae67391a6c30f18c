using System.Diagnostics;
using AkkaBackup.Client.Runs;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Output;

/// <summary>
/// A one-line progress bar (phase, bytes, MB/s, ETA) redrawn in place on a terminal; plain lines on a
/// phase change or every 10 seconds when the output is a file or a pipe.
/// </summary>
public sealed class ProgressPrinter(TextWriter output, bool isTerminal)
{
    private const int BarWidth = 24;
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private RunPhase? _lastPhase;
    private bool _lineOpen;

    public void Show(RunProgress p)
    {
        var line = Format(p);
        if (isTerminal)
        {
            output.Write("\r" + line.PadRight(Console.IsOutputRedirected ? 0 : Math.Max(0, SafeWidth() - 1)));
            _lineOpen = true;
        }
        else if (p.Phase != _lastPhase || _sinceLastLine.Elapsed > TimeSpan.FromSeconds(10))
        {
            output.WriteLine(line);
            _sinceLastLine.Restart();
        }

        _lastPhase = p.Phase;
    }

    public void Finish()
    {
        if (_lineOpen)
        {
            output.WriteLine();
            _lineOpen = false;
        }
    }

    /// <summary>
    /// The bar is bytes acknowledged by the receiver over the archive's (expected) size: the run is done when the
    /// last byte is on the receiver, not when the data directory is read. Rates are over the last seconds.
    /// </summary>
    public static string Format(RunProgress p)
    {
        if (p.Waiting is not null)
        {
            return $"{p.Phase,-14} {p.Waiting}, {p.Elapsed:mm\\:ss} so far";
        }

        var n = p.Numbers;
        var filled = (int)(n.Fraction * BarWidth);
        var bar = new string('#', filled) + new string('.', BarWidth - filled);
        var archive = p.ArchiveSealed || n.ArchiveBytesExpected == 0 ? Size(p.ArchiveBytes) : $"{Size(p.ArchiveBytes)} of ~{Size(n.ArchiveBytesExpected)}";
        var eta = n.Eta is { } e ? (e.TotalHours >= 1 ? $"{(int)e.TotalHours}:{e:mm\\:ss}" : $"{e:mm\\:ss}") : "--:--";
        return $"{p.Phase,-14} [{bar}] {n.Fraction,4:P0} read {Size(p.DataBytesRead)}/{Size(p.DataBytesTotal)} at {n.ReadBytesPerSecond / 1e6:0.0} MB/s, " +
            $"archive {archive}, sent {Size(p.BytesAcknowledged)} at {n.SentBytesPerSecond / 1e6:0.0} MB/s, ETA {eta}";
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0} KiB",
        _ => $"{bytes} B",
    };

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
