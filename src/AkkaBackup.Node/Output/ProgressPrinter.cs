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

    public static string Format(RunProgress p)
    {
        if (p.Waiting is not null)
        {
            return $"{p.Phase,-14} {p.Waiting}, {p.Elapsed:mm\\:ss} so far";
        }

        // Bytes read from the data directory drive the bar while archiving; bytes acknowledged afterwards.
        var total = p.DataBytesTotal;
        var done = p.DataBytesRead;
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds / 1e6;
        var eta = rate > 0 && fraction < 1 ? TimeSpan.FromSeconds((total - done) / 1e6 / rate) : TimeSpan.Zero;
        var filled = (int)(fraction * BarWidth);
        var bar = new string('#', filled) + new string('.', BarWidth - filled);
        return $"{p.Phase,-14} [{bar}] {fraction,4:P0} read {Size(done)}/{Size(total)}, archive {Size(p.ArchiveBytes)}, sent {Size(p.BytesAcknowledged)}, {rate:0.0} MB/s, ETA {eta:mm\\:ss}";
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
