using Akka.Event;
using AkkaBackup.Store;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// At node start: clones no open run owns (a run that crashed while its journal could not be written, or a run
/// removed from the journal by hand) are removed from every instance's clone directory. Open runs remove their
/// own when they resume.
/// </summary>
public static class StrayClones
{
    public static async Task RemoveAsync(NodeStore store, IReadOnlySet<string> openRuns, ILoggingAdapter log)
    {
        // Runs started after this node did are named from a later clock; their clones are never strays, however
        // soon they are made (the sweep runs beside new runs, it does not hold them up).
        var startedAt = DateTime.UtcNow.AddSeconds(-1);
        try
        {
            var roots = (await store.Instances.ListAsync())
                .Select(i => i.CloneDirectory.Length > 0 ? i.CloneDirectory : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(i.DataDirectory)))
                .OfType<string>()
                .Where(Directory.Exists)
                .Distinct(StringComparer.Ordinal);
            foreach (var stray in roots.SelectMany(root => DataDirectoryClone.Strays(root, openRuns)).Where(path => !StartedAfter(path, startedAt)))
            {
                log.Warning("Removing {0}: a snapshot clone no open run owns (left by a crash)", stray);
                await DataDirectoryClone.RemoveAsync(stray);
            }
        }
        catch (Exception e)
        {
            log.Error(e, "Could not look for snapshot clones left by a crash; look for {0}* beside the data directories", DataDirectoryClone.Prefix);
        }
    }

    /// <summary>Run ids begin with their start in UTC, <c>yyyyMMddHHmmss</c>.</summary>
    public static bool StartedAfter(string clonePath, DateTime startedAt)
    {
        var name = Path.GetFileName(clonePath);
        var runId = name.StartsWith(DataDirectoryClone.Prefix, StringComparison.Ordinal) ? name[DataDirectoryClone.Prefix.Length..] : "";
        return runId.Length >= 14
            && DateTime.TryParseExact(runId[..14], "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var began)
            && began >= startedAt;
    }
}
