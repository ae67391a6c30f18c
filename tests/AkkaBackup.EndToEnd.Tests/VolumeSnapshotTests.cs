using System.Text.Json;
using AkkaBackup.TestSupport.Alerts;
using AkkaBackup.TestSupport.FileSystems;
using AkkaBackup.TestSupport.Volumes;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// <c>type = snapshot</c> by LVM and ZFS snapshots, end to end with real processes and a real MariaDB. The kernel
/// the tests run on has neither device-mapper nor ZFS, so lvs/lvcreate/lvremove and zfs are fakes
/// (<see cref="FakeLvm"/>, <see cref="FakeZfs"/>) that act on real files: the LVM origin is a loop-mounted XFS
/// (without reflink, so the file system cannot clone and LVM is chosen) and its snapshots loop devices that are
/// really mounted read-only; the ZFS dataset a directory whose snapshots are copies under .zfs/snapshot.
/// </summary>
public sealed class VolumeSnapshotTests
{
    private const string Snapshot = "akkabackup.client.instances.main.type = snapshot";
    private const string CrashedRun = "20200101000000-0badc0de";

    [Fact]
    public async Task An_lvm_snapshot_backup_is_stored_restores_to_identical_tables_and_the_snapshot_is_unmounted_and_removed()
    {
        await using var source = await LvmSource.CreateAsync(rows: 2000, freeBytes: 1L << 30);
        var (env, lvm) = (source.Env, source.Lvm);
        var before = await env.Db.ChecksumTablesAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: source.Configuration), "--json");

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("snapshot", report.GetProperty("type").GetString());
        Assert.True(report.GetProperty("downtimeSeconds").GetDouble() < report.GetProperty("durationSeconds").GetDouble());
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal("snapshot", Checks.Manifest(stored).GetProperty("backupType").GetString());
        await Checks.UnzipTestPassesAsync(stored);
        Assert.Matches(@"removed the clone \S+/\.akkabackup-clone-\S+ \(vg0/akkabackup-\d{14}-[0-9a-f]{8}\)", env.Logs());
        Assert.Empty(lvm.Snapshots());
        Assert.Equal(1L << 30, lvm.FreeBytes);
        Assert.Equal("", await lvm.AttachedSnapshotDevicesAsync());
        Assert.Empty(Clones(env));
        Assert.True(await env.Db.AnswersAsync(), "the source server must answer after the run");

        var after = await Checks.UnzippedChecksumsAsync(env.Root, stored, env.Db);
        Assert.NotEmpty(before);
        Assert.Equal(before.OrderBy(p => p.Key), after.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_volume_group_without_room_for_the_snapshot_is_refused_in_preflight_naming_the_numbers_and_the_server_never_stops()
    {
        await using var source = await LvmSource.CreateAsync(rows: 100, freeBytes: 8L << 20);
        var env = source.Env;
        var pid = env.Db.ProcessId;

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: source.Configuration), "--json");

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");

        // 20 % of the 512 MiB origin, rounded up to whole 4 MiB extents: 104 MiB.
        Assert.Contains($"volume group vg0 has {8L << 20} bytes free, but a snapshot of vg0/mysql needs {104L << 20} bytes (client.lvm-snapshot-size = 20%, of an origin of {512L << 20} bytes)", run.Output);
        Assert.Equal("Preflight", JsonDocument.Parse(run.Stdout).RootElement.GetProperty("failedPhase").GetString());
        Assert.Equal(pid, env.Db.Pid);
        Assert.True(await env.Db.AnswersAsync());
        Assert.DoesNotContain("stopping the server", env.Logs());
        Assert.Empty(source.Lvm.Snapshots());
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task An_lvm_snapshot_left_mounted_by_a_crashed_run_is_unmounted_and_removed_when_the_node_starts()
    {
        await using var source = await LvmSource.CreateAsync(rows: 100, freeBytes: 1L << 30);
        var (env, lvm) = (source.Env, source.Lvm);
        var mount = Path.Combine(Path.GetDirectoryName(env.Db.DataDirectory)!, ".akkabackup-clone-" + CrashedRun);
        await lvm.RunAsync("lvcreate", "--snapshot", "--name", "akkabackup-" + CrashedRun, "--size", $"{64L << 20}b", "vg0/mysql");
        Directory.CreateDirectory(mount);
        await LoopFileSystem.RunAsync("mount", "-o", "ro,nouuid", lvm.DeviceOf("vg0/akkabackup-" + CrashedRun), mount);

        await using var node = NodeProcess.Start(env.Root, "client", "--config", env.WriteClientConfig(extra: source.Configuration));
        await node.WaitUntilAsync(() => lvm.Snapshots().Count == 0);

        Assert.Contains($"Removing {mount}: a snapshot clone no open run owns", env.Logs());
        Assert.Contains($"Removing the LVM snapshot vg0/akkabackup-{CrashedRun}: no open run owns it", env.Logs());
        Assert.False(Directory.Exists(mount));
        Assert.Equal("", await lvm.AttachedSnapshotDevicesAsync());
        Assert.True(await env.Db.AnswersAsync());
        node.Terminate();
        Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task An_lvm_snapshot_that_cannot_be_removed_raises_an_alert_naming_what_to_run_and_the_server_is_up()
    {
        await using var source = await LvmSource.CreateAsync(rows: 100, freeBytes: 1L << 30);
        var (env, lvm) = (source.Env, source.Lvm);
        using var webhook = new WebhookReceiver();
        lvm.FailRemoval = true;
        var channels = $"akkabackup.alerts.channels = [{{ type = webhook, url = \"{webhook.Url("/hooks")}\", min-severity = critical }}]";

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: $"{source.Configuration}\n{channels}"));

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        Assert.Single(env.StoredArchives());
        var snapshot = Assert.Single(lvm.Snapshots());
        var alert = (await webhook.NextAsync()).Alert;
        Assert.Equal(("Critical", "CloneNotRemoved"), (alert.GetProperty("severity").GetString(), alert.GetProperty("kind").GetString()));
        var body = alert.GetProperty("body").GetString()!;
        Assert.Contains("lvremove -f " + snapshot, body);
        Assert.Contains("is used by another device", body);
        Assert.Contains($"remove it by hand: umount ", env.Logs());
        Assert.True(await env.Db.AnswersAsync(), "the source server must answer after the run");
    }

    [Fact]
    public async Task A_zfs_snapshot_backup_is_stored_restores_to_identical_tables_and_the_snapshot_is_destroyed()
    {
        using var zfs = FakeZfs.Create();
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000, dataRoot: zfs.MountPoint);
        await env.StartReceiverAsync();
        var before = await env.Db.ChecksumTablesAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: $"{Snapshot}\n{zfs.Configuration}"), "--json");

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        Assert.Equal("snapshot", JsonDocument.Parse(run.Stdout).RootElement.GetProperty("type").GetString());
        var stored = Assert.Single(env.StoredArchives());
        await Checks.UnzipTestPassesAsync(stored);
        Assert.Matches(@"removed the clone \S+/\.zfs/snapshot/akkabackup-\S+ \(tank/mysql@akkabackup-\d{14}-[0-9a-f]{8}\)", env.Logs());
        Assert.Empty(zfs.Snapshots());
        Assert.Empty(zfs.SnapshotDirectories());
        Assert.True(await env.Db.AnswersAsync());

        var after = await Checks.UnzippedChecksumsAsync(env.Root, stored, env.Db);
        Assert.NotEmpty(before);
        Assert.Equal(before.OrderBy(p => p.Key), after.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_zfs_snapshot_left_by_a_crashed_run_is_destroyed_when_the_node_starts_and_other_snapshots_are_kept()
    {
        using var zfs = FakeZfs.Create();
        await using var env = await BackupEnvironment.CreateAsync(rows: 100, dataRoot: zfs.MountPoint);
        await LoopFileSystem.RunAsync(zfs.Program, "snapshot", $"{FakeZfs.Dataset}@akkabackup-{CrashedRun}");
        await LoopFileSystem.RunAsync(zfs.Program, "snapshot", $"{FakeZfs.Dataset}@nightly");

        await using var node = NodeProcess.Start(env.Root, "client", "--config", env.WriteClientConfig(extra: $"{Snapshot}\n{zfs.Configuration}"));
        await node.WaitUntilAsync(() => zfs.Snapshots().Count == 1);

        Assert.Equal([$"{FakeZfs.Dataset}@nightly"], zfs.Snapshots());
        Assert.Contains($"Removing the ZFS snapshot {FakeZfs.Dataset}@akkabackup-{CrashedRun}: no open run owns it", env.Logs());
        Assert.Equal(["nightly"], zfs.SnapshotDirectories().Select(Path.GetFileName));
        node.Terminate();
        Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromMinutes(1)));
    }

    /// <summary>Snapshot clones (LVM mount points) in the default clone root, the data directory's parent.</summary>
    private static string[] Clones(BackupEnvironment env) =>
        Directory.GetFileSystemEntries(Path.GetDirectoryName(env.Db.DataDirectory)!, ".akkabackup-clone-*");

    /// <summary>
    /// The source server's data directory on a loop-mounted XFS without reflink that the fake LVM takes for the
    /// logical volume vg0/mysql, and the receiver running. Disposing stops the servers, then removes what the fake
    /// LVM left, then unmounts.
    /// </summary>
    private sealed class LvmSource(LoopFileSystem fs, FakeLvm lvm, BackupEnvironment env) : IAsyncDisposable
    {
        public BackupEnvironment Env => env;

        public FakeLvm Lvm => lvm;

        public string Configuration => $"{Snapshot}\nakkabackup.client.lvm-tools = \"{lvm.ToolsDirectory}\"";

        public static async Task<LvmSource> CreateAsync(int rows, long freeBytes)
        {
            var fs = await LoopFileSystem.CreateAsync(FileSystemKind.XfsNoReflink);
            FakeLvm? lvm = null;
            BackupEnvironment? env = null;
            try
            {
                lvm = await FakeLvm.CreateAsync(fs, freeBytes);
                env = await BackupEnvironment.CreateAsync(rows, dataRoot: fs.MountPoint);
                await env.StartReceiverAsync();
                return new LvmSource(fs, lvm, env);
            }
            catch
            {
                if (env is not null)
                {
                    await env.DisposeAsync();
                }

                if (lvm is not null)
                {
                    await lvm.DisposeAsync();
                }

                await fs.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await env.DisposeAsync();
            await lvm.DisposeAsync();
            await fs.DisposeAsync();
        }
    }
}
