namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// ZFS snapshots of the dataset under the data directory: <c>zfs snapshot &lt;dataset&gt;@akkabackup-&lt;run id&gt;</c>,
/// read where ZFS shows it, <c>&lt;mount point&gt;/.zfs/snapshot/akkabackup-&lt;run id&gt;</c> (read-only by nature),
/// removed with <c>zfs destroy</c>. Tested against a fake zfs script: the test machines have no ZFS.
/// </summary>
internal static class ZfsSnapshot
{
    /// <summary>Where ZFS shows snapshot <paramref name="name"/> of the dataset mounted at <paramref name="mountPoint"/>.</summary>
    public static string PathOf(string mountPoint, string name) => Path.Combine(mountPoint, ".zfs", "snapshot", name);

    /// <summary>Takes <paramref name="snapshot"/> ("dataset@akkabackup-&lt;run&gt;") and counts what it holds of the data directory; destroys it on failure.</summary>
    public static async Task<CloneResult> CreateAsync(SnapshotTools tools, ClonePlan plan, string snapshot, string clonePath, CancellationToken token)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var zfs = tools.ZfsProgram() ?? throw new IOException($"zfs not found in {tools.ZfsWhere}");
        await VolumeCommand.RunAsync(zfs, ["snapshot", snapshot], CancellationToken.None);
        try
        {
            token.ThrowIfCancellationRequested();
            var (files, bytes, directories, skipped) = CloneTally.Count(Path.Combine(clonePath, plan.Volume!.Relative));
            return new CloneResult(files, bytes, directories, clock.Elapsed, skipped);
        }
        catch
        {
            await DestroyAsync(tools, snapshot);
            throw;
        }
    }

    /// <summary><c>zfs destroy</c>; a snapshot that is already gone is fine.</summary>
    /// <exception cref="IOException">It is still there; the message names the command to run by hand.</exception>
    public static async Task DestroyAsync(SnapshotTools tools, string snapshot)
    {
        var zfs = tools.ZfsProgram() ?? throw new IOException($"zfs not found in {tools.ZfsWhere}; remove the snapshot by hand: zfs destroy {snapshot}");
        var destroy = await VolumeCommand.TryRunAsync(zfs, ["destroy", snapshot], CancellationToken.None);
        if (destroy.ExitCode != 0 && (await VolumeCommand.TryRunAsync(zfs, ["list", "-H", "-t", "snapshot", "-o", "name", snapshot], CancellationToken.None)).ExitCode == 0)
        {
            throw new IOException($"{destroy.Command} exited with code {destroy.ExitCode}: {destroy.Error}; remove the snapshot by hand: zfs destroy {snapshot}");
        }
    }

    /// <summary>Snapshots named by this program (<c>…@akkabackup-&lt;run id&gt;</c>) whose run is not in <paramref name="keep"/>: left by a crash.</summary>
    public static async Task<IReadOnlyList<(string Snapshot, string RunId)>> StraysAsync(string zfs, IReadOnlySet<string> keep, CancellationToken token)
    {
        var listing = await VolumeCommand.RunAsync(zfs, ["list", "-H", "-t", "snapshot", "-o", "name"], token);
        var strays = new List<(string, string)>();
        foreach (var name in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = name.IndexOf('@');
            if (at > 0 && VolumeSnapshotName.RunIdOf(name[(at + 1)..]) is { } runId && !keep.Contains(runId))
            {
                strays.Add((name, runId));
            }
        }

        return strays;
    }
}
