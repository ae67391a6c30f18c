using System.Text.Json;
using AkkaBackup.TestSupport.FileSystems;
using Xunit.Abstractions;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// <c>type = snapshot</c> end to end: the source server's data directory on a real loop-mounted file system (XFS with
/// reflink, btrfs; ext4 and tmpfs to be refused), the client and receiver as processes. The server is down only for
/// the stop, the clone and the start; the archive is made from the clone, which is removed afterwards, also after a
/// crash of the client.
/// </summary>
public sealed class SnapshotBackupTests(ITestOutputHelper output)
{
    private const string Snapshot = "akkabackup.client.instances.main.type = snapshot";

    /// <param name="subvolume">btrfs: the data directory is a subvolume of its own, cloned as a read-only snapshot
    /// (<c>btrfs subvolume snapshot -r</c>) instead of file by file.</param>
    [Theory]
    [InlineData(FileSystemKind.Xfs, false)]
    [InlineData(FileSystemKind.Btrfs, false)]
    [InlineData(FileSystemKind.Btrfs, true)]
    public async Task A_snapshot_backup_is_stored_restores_to_identical_tables_and_leaves_no_clone(FileSystemKind kind, bool subvolume)
    {
        await using var source = await Source.CreateAsync(kind, rows: 3000, subvolume);
        var env = source.Env;
        var before = await env.Db.ChecksumTablesAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: Snapshot), "--json");

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        AssertSnapshotReport(report);
        var stored = Assert.Single(env.StoredArchives());
        Assert.Matches(@"db1_main_snapshot_\d{8}_\d{6}\.zip$", stored);
        Assert.Equal(Path.GetFileName(stored), report.GetProperty("storedName").GetString());
        var manifest = Checks.Manifest(stored);
        Assert.Equal("snapshot", manifest.GetProperty("backupType").GetString());
        Assert.Equal(Checks.Sha256(stored), manifest.GetProperty("sha256").GetString());
        await Checks.UnzipTestPassesAsync(stored);
        Assert.Contains("data directory cloned in", env.Logs());
        Assert.Empty(Clones(env));
        Assert.False(File.Exists(env.StagedArchive), "Data.zip must be deleted after a verified backup");
        Assert.True(await env.Db.AnswersAsync(), "the source server must answer after the run");

        var after = await Checks.UnzippedChecksumsAsync(env.Root, stored, env.Db);
        Assert.NotEmpty(before);
        Assert.Equal(before.OrderBy(p => p.Key), after.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(FileSystemKind.Ext4, "ext4")]
    [InlineData(FileSystemKind.Tmpfs, "tmpfs")]
    public async Task A_snapshot_of_a_data_directory_that_cannot_be_cloned_is_refused_in_preflight_and_the_server_never_stops(FileSystemKind kind, string name)
    {
        await using var source = await Source.CreateAsync(kind, rows: 100);
        var env = source.Env;
        var pid = env.Db.ProcessId;

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: Snapshot), "--json");

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");
        Assert.Contains($"{name} at {env.Db.DataDirectory} cannot clone files", run.Output);
        Assert.Contains("type = snapshot is not possible", run.Output);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("snapshot", report.GetProperty("type").GetString());
        Assert.Equal("Preflight", report.GetProperty("failedPhase").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("downtimeSeconds").ValueKind);
        Assert.Equal(pid, env.Db.Pid);
        Assert.True(await env.Db.AnswersAsync());
        Assert.DoesNotContain("stopping the server", env.Logs());
        Assert.Empty(env.StoredArchives());
        Assert.Empty(Clones(env));
    }

    [Theory]
    [InlineData(FileSystemKind.Xfs, false)]
    [InlineData(FileSystemKind.Btrfs, true)]
    public async Task Killed_while_archiving_the_clone_the_server_is_up_and_the_restarted_node_removes_the_clone_and_the_partial_files(FileSystemKind kind, bool subvolume)
    {
        await using var source = await Source.CreateAsync(kind, rows: 2000, subvolume);
        var env = source.Env;
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"{Snapshot}\nakkabackup.testing.archive-chunk-delay = 300ms\n{ClientCrashTests.FastRetry}");

        await ClientCrashTests.CrashWhenAsync(env, config, () =>
            env.Logs().Contains("data directory cloned in", StringComparison.Ordinal) && env.PartBytes() >= 2 * 64 * 1024 && File.Exists(env.StagedArchive));
        Assert.DoesNotContain("Data.zip sealed", env.Logs());
        Assert.True(await env.Db.AnswersAsync(), "a snapshot run starts the server before it archives the clone");
        var pid = env.Db.ProcessId;
        Assert.Single(Clones(env));

        await ClientCrashTests.RestartClientUntilRecoveredAsync(env, config, "FAILED in", "the receiver removed its partial transfer");
        ClientCrashTests.AssertAbortConfirmedBeforeTheFailure(env);

        Assert.Empty(Clones(env));
        Assert.True(await env.Db.AnswersAsync());
        Assert.Equal(pid, env.Db.Pid);
        Assert.False(File.Exists(env.StagedArchive), "the partial Data.zip must be removed");
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task Killed_while_starting_the_server_after_the_clone_the_restarted_node_starts_it_removes_the_clone_and_fails_the_run()
    {
        await using var source = await Source.CreateAsync(FileSystemKind.Xfs, rows: 500);
        var env = source.Env;
        var marker = Path.Combine(env.Root, "starting");
        var config = env.WriteClientConfig(startCommand: $"touch {marker}; sleep 30; {env.Db.StartCommand}", extra: $"{Snapshot}\n{ClientCrashTests.FastRetry}");

        await ClientCrashTests.CrashWhenAsync(env, config, () => File.Exists(marker));
        Assert.False(await env.Db.AnswersAsync(), "the server should still be down when the client dies");
        Assert.Single(Clones(env));

        // The restarted node's own start command sleeps too; the fixture's plain start is what a DBA would fix it to.
        var fixedConfig = env.WriteClientConfig(extra: $"{Snapshot}\n{ClientCrashTests.FastRetry}");
        await ClientCrashTests.RestartClientUntilRecoveredAsync(env, fixedConfig, "FAILED in");

        Assert.True(await env.Db.AnswersAsync(), "the restarted node must start the server it had stopped");
        Assert.Empty(Clones(env));
        Assert.False(File.Exists(env.StagedArchive));
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task The_type_option_takes_a_snapshot_of_an_instance_configured_cold_and_a_bogus_type_is_bad_input()
    {
        await using var source = await Source.CreateAsync(FileSystemKind.Xfs, rows: 500);
        var env = source.Env;
        var config = env.WriteClientConfig(extra: "akkabackup.client.instances.main.type = cold");

        var (bogus, bad) = await env.BackupAsync(config, "--type", "bogus");
        var (code, run) = await env.BackupAsync(config, "--type", "snapshot", "--json");

        Assert.True(bogus == 2, $"backup --type bogus exited {bogus}:\n{bad.Output}");
        Assert.Contains("'bogus' is not a backup type", bad.Output);
        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        AssertSnapshotReport(JsonDocument.Parse(run.Stdout).RootElement);
        var stored = Assert.Single(env.StoredArchives());
        Assert.Matches(@"db1_main_snapshot_\d{8}_\d{6}\.zip$", stored);
        Assert.Equal("snapshot", Checks.Manifest(stored).GetProperty("backupType").GetString());
        Assert.Empty(Clones(env));
        Assert.True(await env.Db.AnswersAsync());
    }

    /// <summary>
    /// The server is down for the stop, the clone and the start, and not while the clone is archived: the downtime
    /// is those three phases (whose times add up to it), not the archiving that follows them.
    /// </summary>
    private void AssertSnapshotReport(JsonElement report)
    {
        Assert.Equal("snapshot", report.GetProperty("type").GetString());
        Assert.True(report.GetProperty("succeeded").GetBoolean());
        var phases = report.GetProperty("phaseMilliseconds");
        var stopping = phases.GetProperty("StoppingServer").GetInt64();
        var cloning = phases.GetProperty("Cloning").GetInt64();
        var starting = phases.GetProperty("StartingServer").GetInt64();
        var archiving = phases.GetProperty("Archiving").GetInt64();
        var downtime = report.GetProperty("downtimeSeconds").GetDouble() * 1000;
        var duration = report.GetProperty("durationSeconds").GetDouble() * 1000;
        output.WriteLine($"downtime {downtime:0} ms (stop {stopping} ms, clone {cloning} ms, start {starting} ms), archiving {archiving} ms, run {duration:0} ms");

        // Phase times are whole milliseconds, the downtime rounded: a millisecond of slack each.
        Assert.True(downtime + 3 >= stopping + cloning, $"downtime {downtime} ms < stop {stopping} ms + clone {cloning} ms");
        Assert.True(downtime <= stopping + cloning + starting + 3, $"downtime {downtime} ms is more than stop + clone + start ({stopping + cloning + starting} ms): the server was down while the clone was archived");
        Assert.True(archiving > 0, "the clone is archived in a phase of its own");
        Assert.True(downtime < duration, $"downtime {downtime} ms is not less than the run's {duration} ms");
    }

    /// <summary>With the server stopped, its data directory becomes a btrfs subvolume with the same files.</summary>
    private static async Task MoveIntoSubvolumeAsync(BackupEnvironment env)
    {
        var data = env.Db.DataDirectory;
        await env.Db.StopAsync();
        Directory.Move(data, data + ".plain");
        await LoopFileSystem.RunAsync("btrfs", "subvolume", "create", data);
        await LoopFileSystem.RunAsync("cp", "-a", data + ".plain/.", data);
        Directory.Delete(data + ".plain", recursive: true);
        await LoopFileSystem.RunAsync("btrfs", "subvolume", "show", data);
        await env.Db.StartAsync();
    }

    /// <summary>Snapshot clones (and probe files) in the default clone root, the data directory's parent.</summary>
    private static string[] Clones(BackupEnvironment env) =>
        Directory.GetFileSystemEntries(Path.GetDirectoryName(env.Db.DataDirectory)!, ".akkabackup-clone-*");

    /// <summary>
    /// A loop-mounted file system of <c>kind</c> with the scenario's source server directory on it (the data directory
    /// a btrfs subvolume when asked) and the receiver running. Disposing stops the servers before it unmounts.
    /// </summary>
    private sealed class Source(LoopFileSystem fs, BackupEnvironment env) : IAsyncDisposable
    {
        public BackupEnvironment Env => env;

        public static async Task<Source> CreateAsync(FileSystemKind kind, int rows, bool subvolume = false)
        {
            var fs = await LoopFileSystem.CreateAsync(kind);
            BackupEnvironment? env = null;
            try
            {
                env = await BackupEnvironment.CreateAsync(rows, dataRoot: fs.MountPoint);
                if (subvolume)
                {
                    await MoveIntoSubvolumeAsync(env);
                }

                await env.StartReceiverAsync();
                return new Source(fs, env);
            }
            catch
            {
                if (env is not null)
                {
                    await env.DisposeAsync();
                }

                await fs.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await env.DisposeAsync();
            await fs.DisposeAsync();
        }
    }
}
