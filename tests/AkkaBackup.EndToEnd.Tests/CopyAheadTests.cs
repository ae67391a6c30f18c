using System.Text.RegularExpressions;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// restart-after = copy (the default): a cold run copies what compression has not reached into the staging disk and
/// starts the server as soon as the data directory is read or copied; compression finishes from the copies. The
/// slow compression (a delay after each sealed chunk) makes the copies do most of the work.
/// </summary>
public sealed class CopyAheadTests
{
    private const string SlowCompression = "akkabackup.client.mysql.restart-after = copy\nakkabackup.testing.archive-chunk-delay = 250ms";

    [Fact]
    public async Task The_server_answers_before_Data_zip_is_sealed_and_the_backup_holds_the_data_of_the_stop_not_what_was_written_after()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var before = await env.Db.ChecksumTablesAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: SlowCompression);

        await using var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await backup.WaitUntilAsync(() => env.Logs().Contains("server answers SELECT 1"));
        Assert.DoesNotContain("Data.zip sealed", env.Logs());
        Assert.False(backup.HasExited, "compression should still be running when the server is back");
        var released = Regex.Match(env.Logs(), @"data directory released after [\d.]+ s \(([\d,]+) bytes compressed from it, ([\d,]+) bytes copied to staging ahead of compression; copying stopped: ([^)]+)\)");
        Assert.True(released.Success, env.Logs());
        Assert.True(long.Parse(released.Groups[2].Value.Replace(",", "")) > 0, $"nothing was copied: {released.Value}");

        // The running server writes while compression goes on from the copies: none of it may reach the archive.
        await env.Db.GrowToAsync(new DirectoryInfo(env.Db.DataDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) + (4 * 1024 * 1024));
        Assert.NotEqual(before.OrderBy(p => p.Key), (await env.Db.ChecksumTablesAsync()).OrderBy(p => p.Key));
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        var stored = Assert.Single(env.StoredArchives());
        await Checks.UnzipTestPassesAsync(stored);
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.Equal(before.OrderBy(p => p.Key), (await Checks.RestoredChecksumsAsync(env.Root, stored, env.Db)).OrderBy(p => p.Key));
        Assert.False(Directory.Exists(CopyDirectory(env)), "the copies must be gone with the run");
        Assert.False(File.Exists(env.StagedArchive));
    }

    [Fact]
    public async Task A_copy_changed_on_the_staging_disk_fails_the_run_with_the_server_running_and_nothing_stored()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: SlowCompression);

        await using var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await backup.WaitUntilAsync(() => env.Logs().Contains("server answers SELECT 1"));
        var damaged = DamageTheLastCopy(env);
        Assert.DoesNotContain("Data.zip sealed", env.Logs());
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code != 0, $"a damaged copy must fail the run:\n{backup.Output}");
        var logs = env.Logs();
        Assert.Contains("no longer holds what was copied", logs);
        Assert.Contains(Path.GetFileName(damaged), logs);
        Assert.Contains("FAILED in Archiving", logs);
        Assert.True(await env.Db.AnswersAsync(), "the server must run after the failure");
        Assert.Empty(env.StoredArchives());
        Assert.Empty(env.PartFiles());
        Assert.False(File.Exists(env.StagedArchive), "the partial archive must be removed");
        Assert.False(Directory.Exists(CopyDirectory(env)), "the copies must be removed");
    }

    [Fact]
    public async Task Killed_after_the_release_the_restarted_node_finds_the_server_running_and_removes_archive_copies_and_transfer()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"{SlowCompression}\n{ClientCrashTests.FastRetry}");

        await ClientCrashTests.CrashWhenAsync(env, config, () => env.Logs().Contains("server answers SELECT 1") && env.PartBytes() >= 64 * 1024);
        Assert.DoesNotContain("Data.zip sealed", env.Logs());
        Assert.True(Directory.Exists(CopyDirectory(env)), "the killed node should leave copies behind");
        Assert.True(await env.Db.AnswersAsync(), "the server was started before the crash");

        await ClientCrashTests.RestartClientUntilRecoveredAsync(env, config, "FAILED in", "the receiver removed its partial transfer");
        ClientCrashTests.AssertAbortConfirmedBeforeTheFailure(env);

        Assert.True(await env.Db.AnswersAsync());
        Assert.False(File.Exists(env.StagedArchive), "the partial Data.zip must be removed");
        Assert.False(Directory.Exists(CopyDirectory(env)), "the copies must be removed");
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task A_staging_volume_with_room_for_the_archive_only_copies_nothing_says_why_and_the_backup_succeeds()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await Filler.WriteAsync(Path.Combine(env.Db.DataDirectory, "filler.ibd"), 64, compressible: true);
        // 48 MiB of tmpfs holds the archive of 64+ MiB that compresses well, but not the archive's estimate plus 256 MiB besides.
        using var staging = Tmpfs.Mount(Path.Combine(env.Staging, "main"), 48);
        await env.StartReceiverAsync();
        var before = await env.Db.ChecksumTablesAsync();

        var (code, backup) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(3), "backup", "--config",
            env.WriteClientConfig(extra: "akkabackup.client.mysql.restart-after = copy"));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}");
        var logs = env.Logs();
        Assert.Matches(@"data directory released after [\d.]+ s \([\d,]+ bytes compressed from it, 0 bytes copied to staging ahead of compression; copying stopped: staging space: [\d,]+ bytes free, the archive needs up to [\d,]+ more\)", logs);
        Assert.True(logs.IndexOf("data directory released", StringComparison.Ordinal) < logs.IndexOf("server answers SELECT 1", StringComparison.Ordinal));
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(before.OrderBy(p => p.Key), (await Checks.RestoredChecksumsAsync(env.Root, stored, env.Db)).OrderBy(p => p.Key));
        Assert.False(Directory.Exists(CopyDirectory(env)));
    }

    [Fact]
    public async Task A_cancel_after_the_release_stops_compression_removes_archive_copies_and_transfer_and_the_server_keeps_running()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await using var console = await ConsoleNode.StartAsync(env, chunkSize: "64KiB", extra: SlowCompression);
        var (started, run) = await console.AbkAsync("backup", "run", "--instance", "main");
        Assert.True(started == 0, run.Output);
        var runId = Regex.Match(run.Stdout, @"Run (\S+) of 'main' started").Groups[1].Value;
        await using var watch = console.StartAbk("backup", "watch", runId, "--json");
        await console.Node.WaitUntilAsync(() => env.Logs().Contains("server answers SELECT 1"));
        Assert.DoesNotContain("Data.zip sealed", env.Logs());

        var (cancelled, cancel) = await console.AbkAsync("backup", "cancel", runId);

        Assert.True(cancelled == 0, cancel.Output);
        Assert.Equal(1, await watch.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        var (_, show) = await console.AbkAsync("backup", "show", runId, "--json");
        Assert.Contains("\"status\": \"cancelled\"", show.Stdout);
        Assert.Contains("cancelled in Archiving", show.Stdout);
        Assert.Single(Regex.Matches(env.Logs(), "server answers SELECT 1"));
        Assert.True(await env.Db.AnswersAsync(), "the server keeps running");
        Assert.False(File.Exists(env.StagedArchive), "the partial archive must be removed");
        Assert.False(Directory.Exists(CopyDirectory(env)), "the copies must be removed");
        Assert.Empty(env.StoredArchives());
        Assert.Empty(env.PartFiles());
    }

    private static string CopyDirectory(BackupEnvironment env) => env.StagedArchive + ".copy";

    /// <summary>Flips a byte of data (not of a hole) in the copy compression reaches last; returns its path.</summary>
    private static string DamageTheLastCopy(BackupEnvironment env)
    {
        foreach (var copy in Directory.GetFiles(CopyDirectory(env)).OrderDescending(StringComparer.Ordinal))
        {
            using var file = File.OpenHandle(copy, FileMode.Open, FileAccess.ReadWrite);
            var bytes = new byte[RandomAccess.GetLength(file)];
            RandomAccess.Read(file, bytes, 0);
            var at = Array.FindIndex(bytes, b => b != 0);
            if (at >= 0)
            {
                RandomAccess.Write(file, new[] { (byte)(bytes[at] ^ 0x5A) }, at);
                return copy;
            }
        }

        throw new InvalidOperationException($"no copy with data in {CopyDirectory(env)}");
    }
}
