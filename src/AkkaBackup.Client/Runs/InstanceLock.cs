using AkkaBackup.Client.MySql;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// An exclusive lock file per instance in the staging folder, held for the whole run. It also stops a
/// one-shot <c>akkabackup backup</c> and a running client node from backing up the same server at once.
/// </summary>
public sealed class InstanceLock : IDisposable
{
    private readonly FileStream _file;

    private InstanceLock(FileStream file) => _file = file;

    public static InstanceLock Acquire(string stagingDirectory, string instanceName)
    {
        var path = Path.Combine(stagingDirectory, ".lock");
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            var line = System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId} {DateTimeOffset.UtcNow:O}\n");
            file.Write(line);
            file.Flush();
            return new InstanceLock(file);
        }
        catch (IOException e)
        {
            throw new PreflightException($"another run of instance '{instanceName}' holds {path}: {e.Message}", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
