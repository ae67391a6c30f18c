namespace AkkaBackup.TestSupport;

internal static class ProcessStatus
{
    /// <summary>
    /// Whether the process exists and has not exited. A detached mariadbd is re-parented to PID 1, which in
    /// a container may never reap it, so an exited server can linger as a zombie: that counts as gone.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            // /proc/<pid>/stat is "pid (comm) state ..."; comm may contain spaces and parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The pid in a pid file, or null when there is no (readable) pid file.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
