namespace AkkaBackup.Node.Hosting;

/// <summary>
/// One process per client journal: a cron `backup` and a `client` service on the same staging directory
/// would otherwise write the same persistence ids. Held (an OS file lock) until the process exits.
/// </summary>
public static class JournalLock
{
    private static FileStream? _held;

    public static void Acquire(string journalFile)
    {
        var path = journalFile + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }

            stream.Flush(flushToDisk: true);
            _held = stream;
        }
        catch (IOException)
        {
            var holder = ReadHolder(path);
            throw new NodeBusyException(
                $"another akkabackup client process{holder} is using {journalFile}: a backup is already running here, or a client node service runs on this staging directory");
        }
    }

    private static string ReadHolder(string path)
    {
        try
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return $" (pid {reader.ReadToEnd().Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }
}

public sealed class NodeBusyException(string message) : Exception(message);
