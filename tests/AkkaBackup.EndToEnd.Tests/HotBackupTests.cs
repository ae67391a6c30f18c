using System.Text.Json;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;
using MySqlConnector;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// Issue 14: <c>type = hot</c> — mariadb-backup streams a copy of the running server; the server is never stopped,
/// the stream is cut into the same sealed chunks, stored as <c>.xbstream.gz</c> and restored (extracted and
/// prepared) by <c>akkabackup restore</c>.
/// </summary>
public sealed class HotBackupTests
{
    private const string Hot = "akkabackup.client.instances.main.type = hot";

    [Fact]
    public async Task A_hot_backup_never_stops_the_server_and_restores_every_row_committed_before_it_began()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var staticTables = await env.Db.ChecksumTablesAsync();
        await ExecuteAsync(env.Db, "CREATE TABLE shop.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL) ENGINE=InnoDB");
        var pid = env.Db.ProcessId;

        // A writer inserts (autocommit) all through the run; every row committed before the run began must come back.
        using var stop = new CancellationTokenSource();
        var writer = WriteTicksAsync(env.Db, stop.Token);
        await WaitForTicksAsync(env.Db, 50);
        var committedBefore = await ScalarAsync(env.Db, "SELECT MAX(id) FROM shop.ticks");

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: Hot), "--json");
        var committedDuring = await ScalarAsync(env.Db, "SELECT MAX(id) FROM shop.ticks") - committedBefore;
        await stop.CancelAsync();
        var writeErrors = await writer;

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("hot", report.GetProperty("type").GetString());
        Assert.True(report.GetProperty("downtimeSeconds").ValueKind == JsonValueKind.Null || report.GetProperty("downtimeSeconds").GetDouble() == 0, run.Stdout);
        Assert.False(report.GetProperty("phaseMilliseconds").TryGetProperty("StoppingServer", out _), run.Stdout);
        Assert.Equal(pid, env.Db.ProcessId);
        Assert.Equal(0, writeErrors);
        Assert.True(committedDuring > 0, "no INSERT was committed while the backup ran: the server did not answer throughout");
        Assert.Contains("redo log from LSN", env.Logs());

        // The tool's LSNs are in the report and in the run log, beside downtime 0.
        var toLsn = report.GetProperty("toLsn").GetString();
        Assert.Matches(@"^\d+$", toLsn);
        Assert.True(long.Parse(toLsn!) >= long.Parse(report.GetProperty("fromLsn").GetString()!), run.Stdout);
        var store = await ClientStoreAccess.OpenAsync(env);
        var row = Assert.Single(await ClientStoreAccess.WaitForFinishedRunsAsync(store, 1, TimeSpan.FromSeconds(30), env));
        Assert.Equal((report.GetProperty("fromLsn").GetString(), toLsn), (row.FromLsn, row.ToLsn));
        Assert.Equal(TimeSpan.Zero, row.Downtime ?? TimeSpan.Zero);

        var stored = Assert.Single(StoredHotArchives(env));
        Assert.Matches(@"db1_main_hot_\d{8}_\d{6}\.xbstream\.gz$", stored);
        Assert.Empty(env.StoredArchives());
        var manifest = Checks.Manifest(stored);
        Assert.Equal("hot", manifest.GetProperty("backupType").GetString());
        Assert.Equal("xbstream/gzip", manifest.GetProperty("compression").GetString());
        Assert.Equal(Checks.Sha256(stored), manifest.GetProperty("sha256").GetString());
        var (gzip, gzipOutput) = await ProcessRunner.RunAsync(new ProcessCommand("gzip", ["-t", stored]) { Timeout = TimeSpan.FromMinutes(2) });
        Assert.True(gzip == 0, gzipOutput.ToString());
        Assert.False(File.Exists(Path.Combine(env.Staging, "main", "Data.xbstream.gz")), "the staged stream is deleted once the receiver stored it");

        var restored = Path.Combine(env.Root, "restored-hot");
        var (restoredCode, restore) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(5), "restore", stored, "--datadir", restored);
        Assert.True(restoredCode == 0, $"restore exited {restoredCode}:\n{restore.Output}");
        Assert.Contains("verifying SHA-256", restore.Stdout);
        Assert.Contains("--prepare", restore.Stdout);
        await using var copy = await MariaDbServer.StartOnDataDirectoryAsync(restored, env.Db.User, env.Db.Password);
        Assert.Equal(committedBefore, await ScalarAsync(copy, $"SELECT COUNT(*) FROM shop.ticks WHERE id <= {committedBefore}"));
        var copied = await copy.ChecksumTablesAsync();
        foreach (var (table, checksum) in staticTables)
        {
            Assert.Equal(checksum, copied[table]);
        }
    }

    [Fact]
    public async Task Hot_is_refused_before_anything_runs_when_the_user_lacks_privileges_or_the_tool_is_missing()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        var pid = env.Db.ProcessId;
        await ExecuteAsync(env.Db, "CREATE USER 'limited'@'127.0.0.1' IDENTIFIED BY 'limited-pw'");
        await ExecuteAsync(env.Db, "CREATE USER 'limited'@'localhost' IDENTIFIED BY 'limited-pw'");
        await ExecuteAsync(env.Db, "GRANT SELECT, RELOAD ON *.* TO 'limited'@'127.0.0.1'");
        await ExecuteAsync(env.Db, "GRANT SELECT, RELOAD ON *.* TO 'limited'@'localhost'");

        var limited = env.WriteClientConfig(extra: $"{Hot}\nakkabackup.client.instances.main {{ user = limited, password = limited-pw }}");
        var (refused, run) = await env.BackupAsync(limited);

        Assert.True(refused == 1, $"backup exited {refused}:\n{run.Output}");
        Assert.Contains("user 'limited' lacks PROCESS, LOCK TABLES, BINLOG MONITOR", run.Output);
        Assert.DoesNotContain("RELOAD,", run.Output);

        var missingTool = env.WriteClientConfig(extra: $"{Hot}\nakkabackup.client.hot-backup-tool = \"/opt/none/mariadb-backup\"");
        var (missing, run2) = await env.BackupAsync(missingTool);

        Assert.True(missing == 1, $"backup exited {missing}:\n{run2.Output}");
        Assert.Contains("/opt/none/mariadb-backup", run2.Output);
        Assert.Contains("type = hot is not possible", run2.Output);
        Assert.Equal(pid, env.Db.ProcessId);
        Assert.True(await env.Db.AnswersAsync());
        Assert.Empty(StoredHotArchives(env));
    }

    [Fact]
    public async Task A_hot_backup_connects_as_the_account_pre_flight_checked_when_the_user_exists_only_at_127_0_0_1()
    {
        // Found by bench/run.sh --types: mariadb-backup was given the server's socket, where the user is
        // 'user'@'localhost', while pre-flight had checked 'user'@'127.0.0.1' over TCP; the run failed in Archiving.
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        await ExecuteAsync(env.Db, "CREATE USER 'tcponly'@'127.0.0.1' IDENTIFIED BY 'tcponly-pw'");
        await ExecuteAsync(env.Db, "GRANT ALL ON *.* TO 'tcponly'@'127.0.0.1'");

        var config = env.WriteClientConfig(extra: $"{Hot}\nakkabackup.client.instances.main {{ user = tcponly, password = tcponly-pw }}");
        var (code, run) = await env.BackupAsync(config);

        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        Assert.Single(StoredHotArchives(env));
    }

    [Fact]
    public async Task A_hot_backup_whose_receiver_is_killed_mid_transfer_resumes_and_is_exact()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var pid = env.Db.ProcessId;
        var config = env.WriteClientConfig(
            chunkSize: "64KiB", extra: $"{Hot}\nakkabackup.testing.chunk-delay = 100ms\nakkabackup.client.retry {{ initial = 200ms, max = 2s }}");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        await env.WaitForPartBytesAsync(8 * 64 * 1024);
        env.Receiver!.Kill();
        await Task.Delay(1500);
        await env.StartReceiverAsync();
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        var stored = Assert.Single(StoredHotArchives(env));
        Assert.Equal(report.GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.Contains("recovered", env.Logs());
        Assert.Equal(pid, env.Db.ProcessId);
        var (gzip, gzipOutput) = await ProcessRunner.RunAsync(new ProcessCommand("gzip", ["-t", stored]) { Timeout = TimeSpan.FromMinutes(2) });
        Assert.True(gzip == 0, gzipOutput.ToString());
    }

    [Fact]
    public async Task A_client_killed_mid_stream_leaves_no_password_file_once_its_run_is_recovered_and_the_server_never_stopped()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var pid = env.Db.ProcessId;
        var staging = Path.Combine(env.Staging, "main");
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"{Hot}\nakkabackup.testing.archive-chunk-delay = 300ms\n{ClientCrashTests.FastRetry}");
        bool Streaming() => Directory.Exists(staging) && Directory.GetFiles(staging, "client.cnf", SearchOption.AllDirectories).Length > 0 && env.PartBytes() > 0;

        await ClientCrashTests.CrashWhenAsync(env, config, Streaming);
        Assert.NotEmpty(Directory.GetFiles(staging, "client.cnf", SearchOption.AllDirectories));

        await ClientCrashTests.RestartClientUntilRecoveredAsync(env, config, "FAILED in");

        Assert.Empty(Directory.GetFileSystemEntries(staging, "hot-*"));
        Assert.False(File.Exists(Path.Combine(staging, "Data.xbstream.gz")), "the partial stream must be removed");
        Assert.Equal(pid, env.Db.ProcessId);
        Assert.True(await env.Db.AnswersAsync());
        Assert.Empty(StoredHotArchives(env));
    }

    private static IReadOnlyList<string> StoredHotArchives(BackupEnvironment env) =>
        Directory.Exists(env.Store)
            ? Directory.GetFiles(env.Store, "*.xbstream.gz", SearchOption.AllDirectories).Where(f => !f.Contains(Path.Combine(env.Store, ".partial"), StringComparison.Ordinal)).ToList()
            : [];

    /// <summary>Inserts a row at a time until cancelled; returns how many inserts failed.</summary>
    private static Task<int> WriteTicksAsync(MariaDbServer db, CancellationToken stop) => Task.Run(async () =>
    {
        var errors = 0;
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var insert = new MySqlCommand("INSERT INTO shop.ticks (at) VALUES (NOW(6))", connection);
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (MySqlException)
            {
                errors++;
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return errors;
    });

    private static async Task WaitForTicksAsync(MariaDbServer db, long count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await ScalarAsync(db, "SELECT COUNT(*) FROM shop.ticks") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the writer did not insert");
            await Task.Delay(50);
        }
    }

    private static async Task<long> ScalarAsync(MariaDbServer db, string sql)
    {
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static async Task ExecuteAsync(MariaDbServer db, string sql)
    {
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
