using Akka.Event;
using AkkaBackup.Store;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// At node start: clones no open run owns (a run that crashed while its journal could not be written, or a run
/// removed from the journal by hand) are removed from every instance's clone directory (unmounted first when an
/// LVM snapshot is mounted there), then LVM snapshot volumes and ZFS snapshots named <c>akkabackup-&lt;run id&gt;</c>,
/// when lvs or zfs is installed. Open runs remove their own when they resume.
/// </summary>
public static class StrayClones
{
    public static async Task RemoveAsync(NodeStore store, IReadOnlySet<string> openRuns, SnapshotTools tools, ILoggingAdapter log)
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
                await DataDirectoryClone.RemoveAsync(stray, null, tools);
            }
        }
        catch (Exception e)
        {
            log.Error(e, "Could not look for snapshot clones left by a crash; look for {0}* beside the data directories", DataDirectoryClone.Prefix);
        }

        await RemoveLvmSnapshotsAsync(openRuns, tools, startedAt, log);
        await RemoveZfsSnapshotsAsync(openRuns, tools, startedAt, log);
    }

    /// <summary>Run ids begin with their start in UTC, <c>yyyyMMddHHmmss</c>.</summary>
    public static bool StartedAfter(string clonePath, DateTime startedAt)
    {
        var name = Path.GetFileName(clonePath);
        return RunStartedAfter(name.StartsWith(DataDirectoryClone.Prefix, StringComparison.Ordinal) ? name[DataDirectoryClone.Prefix.Length..] : "", startedAt);
    }

    private static bool RunStartedAfter(string runId, DateTime startedAt) =>
        runId.Length >= 14
        && DateTime.TryParseExact(runId[..14], "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var began)
        && began >= startedAt;

    private static async Task RemoveLvmSnapshotsAsync(IReadOnlySet<string> openRuns, SnapshotTools tools, DateTime startedAt, ILoggingAdapter log)
    {
        if (tools.Lvm("lvs") is not { } lvs)
        {
            return;
        }

        try
        {
            foreach (var (snapshot, runId, device) in await LvmSnapshot.StraysAsync(lvs, openRuns, CancellationToken.None))
            {
                if (RunStartedAfter(runId, startedAt))
                {
                    continue;
                }

                log.Warning("Removing the LVM snapshot {0}: no open run owns it (left by a crash)", snapshot);
                await MountPoints.UnmountDeviceAsync(device);
                var lvremove = tools.Lvm("lvremove") ?? throw new IOException($"lvremove not found in {tools.LvmWhere}; remove {snapshot} by hand: lvremove -f {snapshot}");
                await VolumeCommand.RunAsync(lvremove, ["-f", snapshot], CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            log.Error(e, "Could not remove LVM snapshots left by a crash; list them with `lvs` (named akkabackup-<run id>) and remove them with `lvremove -f <vg>/<name>`");
        }
    }

    private static async Task RemoveZfsSnapshotsAsync(IReadOnlySet<string> openRuns, SnapshotTools tools, DateTime startedAt, ILoggingAdapter log)
    {
        if (tools.ZfsProgram() is not { } zfs)
        {
            return;
        }

        try
        {
            foreach (var (snapshot, runId) in await ZfsSnapshot.StraysAsync(zfs, openRuns, CancellationToken.None))
            {
                if (RunStartedAfter(runId, startedAt))
                {
                    continue;
                }

                log.Warning("Removing the ZFS snapshot {0}: no open run owns it (left by a crash)", snapshot);
                await ZfsSnapshot.DestroyAsync(tools, snapshot);
            }
        }
        catch (Exception e)
        {
            log.Error(e, "Could not remove ZFS snapshots left by a crash; list them with `zfs list -t snapshot` (named …@akkabackup-<run id>) and remove them with `zfs destroy`");
        }
    }
}
