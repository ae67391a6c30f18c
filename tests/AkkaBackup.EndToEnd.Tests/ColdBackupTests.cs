using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Receiver and client as separate processes against a real MariaDB: the runs that succeed.</summary>
public sealed class ColdBackupTests
{
    [Fact]
    public async Task A_backup_is_stored_verified_and_restores_to_identical_tables()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 3000);
        var before = await env.Db.ChecksumTablesAsync();
        await env.StartReceiverAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig());

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}");
        var stored = Assert.Single(env.StoredArchives());
        Assert.Matches(@"db1_main_cold_\d{8}_\d{6}\.zip$", stored);
        Assert.StartsWith(Path.Combine(env.Store, "client-1"), stored);
        await Checks.UnzipTestPassesAsync(stored);
        var manifest = Checks.Manifest(stored);
        Assert.Equal(Checks.Sha256(stored), manifest.GetProperty("sha256").GetString());
        Assert.Equal(new FileInfo(stored).Length, manifest.GetProperty("archiveBytes").GetInt64());
        Assert.Contains("MariaDB", manifest.GetProperty("mysqlVersion").GetString());
        Assert.True(manifest.GetProperty("phaseMilliseconds").TryGetProperty("Archiving", out _));
        Assert.True(await env.Db.AnswersAsync(), "the source server must answer after the run");
        Assert.False(File.Exists(env.StagedArchive), "Data.zip must be deleted after a verified backup");

        var after = await Checks.RestoredChecksumsAsync(env.Root, stored, env.Db);
        Assert.NotEmpty(before);
        Assert.Equal(before.OrderBy(p => p.Key), after.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_chunk_corrupted_on_the_wire_is_rejected_resent_and_the_file_is_exact()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 500);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "256KiB", extra: "akkabackup.testing.corrupt-chunk-index = 2");

        var (code, run) = await env.BackupAsync(config, "--json");

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}");
        Assert.Contains("failed its checksum", env.Receiver!.Output);
        Assert.Contains("re-sending", env.Logs());
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Sha256(stored), Checks.Manifest(stored).GetProperty("sha256").GetString());
        Assert.Contains("\"succeeded\": true", run.Stdout);
        await Checks.UnzipTestPassesAsync(stored);
    }

    [Fact]
    public async Task Two_backups_never_overwrite_each_other()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig();

        var (first, run1) = await env.BackupAsync(config);
        var (second, run2) = await env.BackupAsync(config);

        Assert.True(first == 0 && second == 0, run1.Output + run2.Output);
        var stored = env.StoredArchives();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.Equal(Checks.Sha256(s), Checks.Manifest(s).GetProperty("sha256").GetString()));
    }
}
