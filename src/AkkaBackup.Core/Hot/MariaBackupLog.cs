using System.Text.RegularExpressions;

namespace AkkaBackup.Core.Hot;

/// <summary>
/// Reads mariadb-backup's stderr as it comes: the version line, the LSNs, the files it streamed, whether it said
/// "completed OK!" (its last line on success, and the only proof the stream is whole: an exit code of 0 without
/// it is not trusted), and a bounded tail for messages. Lines arrive from the pipe reader's thread.
/// </summary>
internal sealed partial class MariaBackupLog
{
    private const int TailLines = 60;
    private const int FailureLines = 8;

    private readonly Lock _lock = new();
    private readonly Queue<string> _tail = new();
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    public string ToolVersion { get; private set; } = "";

    public string? FromLsn { get; private set; }

    public string? ToLsn { get; private set; }

    public string? CheckpointLsn { get; private set; }

    public bool CompletedOk { get; private set; }

    public int FileCount
    {
        get
        {
            lock (_lock)
            {
                return _files.Count;
            }
        }
    }

    public string Tail
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public void Add(string line)
    {
        lock (_lock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            Parse(line);
        }
    }

    /// <summary>
    /// The lines that say why a run failed ("Access denied", "failed to execute query", "Error: missing required
    /// privilege"); the last lines when none does.
    /// </summary>
    public string FailureReason()
    {
        lock (_lock)
        {
            var meaningful = _tail.Where(l => MeaningfulFailure().IsMatch(l)).TakeLast(FailureLines).ToList();
            return string.Join('\n', meaningful.Count > 0 ? meaningful : _tail.TakeLast(FailureLines)).Trim() is { Length: > 0 } text ? text : "(no output)";
        }
    }

    private void Parse(string line)
    {
        if (line.Trim().EndsWith("completed OK!", StringComparison.Ordinal))
        {
            CompletedOk = true;
        }
        else if (line.Contains(" based on MariaDB server ", StringComparison.Ordinal) || line.StartsWith("xtrabackup version", StringComparison.Ordinal))
        {
            ToolVersion = line.Trim();
        }
        else if (RedoCopied().Match(line) is { Success: true } redo)
        {
            FromLsn = redo.Groups[1].Value;
            ToLsn = redo.Groups[2].Value;
        }
        else if (Checkpoint().Match(line) is { Success: true } checkpoint)
        {
            CheckpointLsn = checkpoint.Groups[1].Value;
        }
        else if (FileStreamed().Match(line) is { Success: true } file)
        {
            _files.Add(file.Groups[1].Value.TrimStart('.', '/'));
        }
    }

    // "Redo log (from LSN 44404 to 4444883) was copied."
    [GeneratedRegex(@"Redo log \(from LSN (\d+) to (\d+)\) was copied")]
    private static partial Regex RedoCopied();

    // "mariabackup: The latest check point (for incremental): '44404'"
    [GeneratedRegex(@"The latest check point \(for incremental\): '(\d+)'")]
    private static partial Regex Checkpoint();

    // "Streaming ./t/a.ibd", "Streaming ./t/a.frm to <STDOUT>", "aria table file ./mysql/db.MAI is copied successfully.",
    // "Copied file ./mysql/slow_log.CSV for log table ...". Absolute paths (aria_log_control) are reduced to the data directory's name.
    [GeneratedRegex(@"(?:Streaming|aria table file|Copied file) (\S+?)(?: to <STDOUT>| is copied successfully\.| for log table .*)?$")]
    private static partial Regex FileStreamed();

    [GeneratedRegex(@"error|denied|fail|fatal|cannot|can't|unknown|missing", RegexOptions.IgnoreCase)]
    private static partial Regex MeaningfulFailure();
}
