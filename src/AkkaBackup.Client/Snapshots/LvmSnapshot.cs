namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// LVM snapshots of the logical volume under the data directory's file system, through lvs, lvcreate and
/// lvremove: named <c>akkabackup-&lt;run id&gt;</c> in the origin's volume group, mounted read-only at the run's
/// clone path. lvcreate suspends the origin, which freezes its file system, so the snapshot is consistent.
/// Tested against fake lvs/lvcreate/lvremove scripts on loop devices: the test machines have no device-mapper.
/// </summary>
internal static class LvmSnapshot
{
    /// <summary>What lvs says about the volume <paramref name="device"/> is (null and why, when it is not one).</summary>
    /// <exception cref="IOException">lvs could not be run.</exception>
    public static async Task<(LogicalVolumeFacts? Facts, string Why)> InspectAsync(string lvs, string device, CancellationToken token)
    {
        var outcome = await VolumeCommand.TryRunAsync(lvs, [.. LogicalVolumeFacts.Arguments, device], token);
        if (outcome.ExitCode != 0)
        {
            return (null, $"{outcome.Command} exited with code {outcome.ExitCode}: {outcome.Error}");
        }

        var facts = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LogicalVolumeFacts.Parse).OfType<LogicalVolumeFacts>().ToList();
        return facts.Count == 1 ? (facts[0], "") : (null, $"{outcome.Command} answered {outcome.Output.Trim()}, not one logical volume");
    }

    /// <summary>
    /// Creates the snapshot <paramref name="snapshot"/> ("vg/akkabackup-&lt;run&gt;") of the plan's volume and mounts it
    /// read-only at <paramref name="mountPath"/>, which must not exist. On failure removes what it made.
    /// </summary>
    public static async Task<CloneResult> CreateAsync(SnapshotTools tools, ClonePlan plan, string snapshot, string mountPath, CancellationToken token)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var volume = plan.Volume!;
        var lvcreate = tools.Lvm("lvcreate") ?? throw new IOException($"lvcreate not found in {tools.LvmWhere}");
        var lvs = tools.Lvm("lvs") ?? throw new IOException($"lvs not found in {tools.LvmWhere}");
        FileSystemCalls.MakeDirectory(mountPath, 0x1C0); // 0700: fails if anything is there
        try
        {
            await VolumeCommand.RunAsync(lvcreate, ["--snapshot", "--name", NameOf(snapshot), "--size", $"{volume.SizeBytes}b", volume.Origin], CancellationToken.None);
            var device = (await VolumeCommand.RunAsync(lvs, ["--noheadings", "-o", "lv_path", snapshot], CancellationToken.None)).Trim();
            await MountPoints.MountReadOnlyAsync(device, mountPath, plan.FileSystem, CancellationToken.None);
            token.ThrowIfCancellationRequested();
            var (files, bytes, directories, skipped) = CloneTally.Count(Path.Combine(mountPath, volume.Relative));
            return new CloneResult(files, bytes, directories, clock.Elapsed, skipped);
        }
        catch
        {
            await RemoveAsync(tools, mountPath, snapshot);
            throw;
        }
    }

    /// <summary>Unmounts the snapshot from <paramref name="mountPath"/>, removes that directory, then the snapshot volume. Missing parts are fine.</summary>
    /// <exception cref="IOException">A step failed; the message names the command to run by hand.</exception>
    public static async Task RemoveAsync(SnapshotTools tools, string mountPath, string snapshot)
    {
        var lvremove = tools.Lvm("lvremove") ?? throw new IOException($"lvremove not found in {tools.LvmWhere}; remove the snapshot by hand: umount {mountPath}; lvremove -f {snapshot}");
        if (MountPoints.IsMountPoint(mountPath))
        {
            await MountPoints.UnmountAsync(mountPath);
        }

        if (Directory.Exists(mountPath))
        {
            Directory.Delete(mountPath);
        }

        var removal = await VolumeCommand.TryRunAsync(lvremove, ["-f", snapshot], CancellationToken.None);
        if (removal.ExitCode != 0 && await ExistsAsync(tools, snapshot))
        {
            throw new IOException($"{removal.Command} exited with code {removal.ExitCode}: {removal.Error}; remove the snapshot by hand: lvremove -f {snapshot}");
        }
    }

    /// <summary>
    /// Snapshot volumes named by this program (<c>akkabackup-&lt;run id&gt;</c>, and snapshots: lv_attr 's') whose
    /// run is not in <paramref name="keep"/>, with their device paths: left by a crash.
    /// </summary>
    public static async Task<IReadOnlyList<(string Snapshot, string RunId, string Device)>> StraysAsync(string lvs, IReadOnlySet<string> keep, CancellationToken token)
    {
        var listing = await VolumeCommand.RunAsync(lvs, ["--noheadings", "--separator", ",", "-o", "vg_name,lv_name,lv_attr,lv_path"], token);
        var strays = new List<(string, string, string)>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length == 4 && VolumeSnapshotName.RunIdOf(fields[1]) is { } runId && fields[2].StartsWith('s') && !keep.Contains(runId))
            {
                strays.Add(($"{fields[0]}/{fields[1]}", runId, fields[3]));
            }
        }

        return strays;
    }

    private static string NameOf(string snapshot) => snapshot[(snapshot.IndexOf('/') + 1)..];

    private static async Task<bool> ExistsAsync(SnapshotTools tools, string snapshot) =>
        tools.Lvm("lvs") is { } lvs && (await VolumeCommand.TryRunAsync(lvs, ["--noheadings", "-o", "lv_name", snapshot], CancellationToken.None)).ExitCode == 0;
}
