using System.Globalization;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// The per-instance counter behind <c>{sequence}</c>: one small file per instance in a state directory,
/// so numbers go on after a restart. A lock file serialises callers in any process; the new value is
/// written to a temporary file and renamed over the old one, so a crash never leaves a half-written count.
/// </summary>
public static class InstanceSequence
{
    private const int LockAttempts = 2000;

    /// <summary>The next number for <paramref name="instance"/>: 1 the first time, then one more each call.</summary>
    public static long Next(string stateDirectory, InstanceKey instance)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, $"{TokenValue.Sanitise(instance.Client)}__{TokenValue.Sanitise(instance.Instance)}.sequence");
        using var held = Lock(path + ".lock");
        var current = File.Exists(path) ? Read(path) : 0;
        var next = current + 1;
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(next.ToString(CultureInfo.InvariantCulture));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return next;
    }

    private static long Read(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new IOException($"sequence file {path} holds '{text}', not a number; fix or delete it");
    }

    private static FileStream Lock(string lockPath)
    {
        // FileShare.None is an exclusive lock (flock on Unix) that another holder makes fail at once: retry briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < LockAttempts)
            {
                Thread.Sleep(1);
            }
        }
    }
}
