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
            _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new NodeBusyException(
                $"another akkabackup client process{Holder(path)} is using {journalFile}: a backup is already running here, or a client node service runs on this staging directory");
        }

        // The locked file cannot be opened by others to read, so the holder's pid goes beside it.
        File.WriteAllText(path + ".pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Holder(string path)
    {
        try
        {
            return $" (pid {File.ReadAllText(path + ".pid").Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }
}

public sealed class NodeBusyException(string message) : Exception(message);
