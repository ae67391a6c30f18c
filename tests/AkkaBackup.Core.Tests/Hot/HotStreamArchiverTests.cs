using System.Security.Cryptography;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Tests.Archive;
using AkkaBackup.Core.Hot;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Hot;

public sealed class HotStreamArchiverTests(HotServerFixture fixture) : IClassFixture<HotServerFixture>, IDisposable
{
    private static readonly ArchiveOptions Options = new(ChunkSize: 256 * 1024, BlockSize: 256 * 1024, Parallelism: 2);

    private readonly TempDirectory _temp = new("akkabackup-hot");

    private string ArchivePath => _temp.PathOf("backup" + HotArchive.Extension);

    private string WorkDirectory => Directory.CreateDirectory(_temp.PathOf("work")).FullName;

    [Fact]
    public async Task The_archive_is_a_sealed_gzip_of_the_stream_and_restores_to_a_server_with_the_same_tables()
    {
        var serverPid = fixture.Server.ProcessId;
        var before = await fixture.Server.ChecksumTablesAsync();
        var chunks = new SealedChunkRecorder(ArchivePath);
        var secrets = new List<string>();
        var progress = new List<ArchiveProgress>();

        var result = await new HotStreamArchiver(Options).CreateAsync(fixture.Request(WorkDirectory), ArchivePath, chunk =>
        {
            chunks.OnSealed(chunk);
            if (chunks.Chunks.Count == 1)
            {
                secrets.AddRange(WhereThePasswordIsWhileItRuns());
            }
        }, new SynchronousProgress(progress.Add), CancellationToken.None);

        // Chunks: in order, end to end, each on disk with its checksum when announced.
        Assert.True(chunks.Chunks.Count > 1, $"only {chunks.Chunks.Count} chunk(s)");
        await chunks.AssertTheyCoverAsync(result.Archive, Options.ChunkSize);

        // The password went through a 0600 file only, and nothing of the run's work files is left.
        Assert.Equal(["options file 0600", "not on the command line"], secrets);
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkDirectory));

        // gzip accepts it and it holds exactly the stream's bytes.
        var (test, testOutput) = await Shell($"gzip -t {ArchivePath}");
        Assert.True(test == 0, testOutput);
        var (count, countOutput) = await Shell($"gunzip -c {ArchivePath} | wc -c");
        Assert.True(count == 0, countOutput);
        Assert.Equal(result.Archive.DataBytes, long.Parse(countOutput.Trim()));
        Assert.True(result.Archive.DataBytes > new FileInfo(Path.Combine(fixture.Server.DataDirectory, "ibdata1")).Length);

        // What mariadb-backup reported.
        Assert.Matches(@"^\d+$", result.FromLsn);
        Assert.Matches(@"^\d+$", result.ToLsn);
        Assert.Matches(@"^\d+$", result.CheckpointLsn);
        Assert.True(long.Parse(result.ToLsn!) >= long.Parse(result.FromLsn!));
        Assert.Equal((result.FromLsn, result.ToLsn), (result.Archive.FromLsn, result.Archive.ToLsn));
        Assert.Contains("MariaDB server 10.", result.ToolVersion);
        Assert.Contains("completed OK!", result.LogTail);
        Assert.True(result.Archive.FileCount > 20, $"{result.Archive.FileCount} files reported");
        Assert.NotEmpty(progress);
        Assert.Equal(result.Archive.DataBytes, progress[^1].SourceBytesRead);
        Assert.Equal(result.Archive.Length, progress[^1].ArchiveBytesWritten);

        // The server never went down, and the restored directory starts a server with the same tables.
        Assert.Equal(serverPid, fixture.Server.ProcessId);
        var restored = _temp.PathOf("restored");
        await HotBackupRestorer.RestoreAsync(fixture.Tool, ArchivePath, restored, CancellationToken.None);
        await using var copy = await MariaDbServer.StartOnDataDirectoryAsync(restored, fixture.Server.User, fixture.Server.Password);
        var after = await copy.ChecksumTablesAsync();
        Assert.Equal(before, after);
        Assert.Contains("shop.customers", after.Keys);
    }

    [Fact]
    public async Task Stock_gunzip_mbstream_and_prepare_restore_the_archive_by_hand()
    {
        await new HotStreamArchiver(Options).CreateAsync(fixture.Request(WorkDirectory), ArchivePath, _ => { }, null, CancellationToken.None);
        var target = _temp.PathOf("by-hand");
        Directory.CreateDirectory(target);

        var (code, output) = await Shell(
            $"gunzip -c {ArchivePath} | {fixture.Tool.ExtractPath} -x -C {target} && {fixture.Tool.BackupPath} --prepare --target-dir={target}");

        Assert.True(code == 0, output);
        Assert.Contains("completed OK!", output);
        Assert.True(File.Exists(Path.Combine(target, "ibdata1")));
        Assert.True(File.Exists(Path.Combine(target, "shop", "customers.ibd")));
        Assert.True(File.Exists(Path.Combine(target, "inventory", "suppliers.MYD")));
    }

    [Fact]
    public async Task Every_row_committed_before_the_backup_began_is_restored_while_inserts_go_on()
    {
        var serverPid = fixture.Server.ProcessId;
        await using (var setup = await Open())
        {
            await Execute(setup, "CREATE DATABASE IF NOT EXISTS hot");
            await Execute(setup, "CREATE TABLE hot.ticks (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL, payload VARCHAR(200)) ENGINE=InnoDB");
        }

        using var stop = new CancellationTokenSource();
        var insertErrors = new List<string>();
        long inserted = 0;
        var inserting = Task.Run(async () =>
        {
            await using var connection = await Open();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Execute(connection, "INSERT INTO hot.ticks (at, payload) VALUES (NOW(6), REPEAT(MD5(RAND()), 5))");
                    Interlocked.Increment(ref inserted);
                }
                catch (Exception e)
                {
                    insertErrors.Add(e.Message);
                    await Task.Delay(50);
                }
            }
        });

        while (Interlocked.Read(ref inserted) < 200)
        {
            await Task.Delay(20);
        }

        long committedBefore;
        await using (var reader = await Open())
        {
            committedBefore = await Scalar(reader, "SELECT MAX(id) FROM hot.ticks");
        }

        var insertedAtStart = Interlocked.Read(ref inserted);
        HotArchiveResult result;
        try
        {
            result = await new HotStreamArchiver(Options).CreateAsync(fixture.Request(WorkDirectory), ArchivePath, _ => { }, null, CancellationToken.None);
        }
        finally
        {
            var insertedDuring = Interlocked.Read(ref inserted) - insertedAtStart;
            await stop.CancelAsync();
            await inserting;
            Assert.True(insertedDuring > 0, "no INSERT committed while the backup ran: the server did not answer");
        }

        Assert.Empty(insertErrors);
        Assert.Equal(serverPid, fixture.Server.ProcessId);
        Assert.NotNull(result.ToLsn);

        var restored = _temp.PathOf("restored");
        await HotBackupRestorer.RestoreAsync(fixture.Tool, ArchivePath, restored, CancellationToken.None);
        await using var copy = await MariaDbServer.StartOnDataDirectoryAsync(restored, fixture.Server.User, fixture.Server.Password);
        await using var check = new MySqlConnector.MySqlConnection(copy.ConnectionString);
        await check.OpenAsync();
        Assert.Equal(committedBefore, await Scalar(check, $"SELECT COUNT(*) FROM hot.ticks WHERE id <= {committedBefore}"));
        Assert.True(await Scalar(check, "SELECT MAX(id) FROM hot.ticks") >= committedBefore);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_access_denied_and_leaves_no_archive()
    {
        var wrong = fixture.Connection with { Password = "not-" + fixture.Server.Password };

        var error = await Assert.ThrowsAsync<ArchiveException>(() =>
            new HotStreamArchiver(Options).CreateAsync(fixture.Request(WorkDirectory, wrong), ArchivePath, _ => { }, null, CancellationToken.None));

        Assert.Contains("Access denied", error.Message);
        Assert.Contains("exited with code", error.Message);
        Assert.DoesNotContain(wrong.Password, error.Message);
        Assert.False(File.Exists(ArchivePath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkDirectory));
    }

    [Fact]
    public async Task Cancelling_mid_stream_kills_the_tool_and_leaves_no_archive()
    {
        var work = WorkDirectory;
        using var cancel = new CancellationTokenSource();
        var runningWhenCancelled = 0;
        var small = Options with { ChunkSize = 64 * 1024 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new HotStreamArchiver(small).CreateAsync(fixture.Request(work), ArchivePath, _ =>
            {
                if (!cancel.IsCancellationRequested)
                {
                    runningWhenCancelled = RunningProcesses.WithCommandLineContaining(work).Count;
                    cancel.Cancel();
                }
            }, null, cancel.Token));

        Assert.Equal(1, runningWhenCancelled);
        Assert.Empty(RunningProcesses.WithCommandLineContaining(work));
        Assert.False(File.Exists(ArchivePath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        Assert.True(await fixture.Server.AnswersAsync());
    }

    [Fact]
    public async Task An_existing_archive_is_never_overwritten()
    {
        await File.WriteAllTextAsync(ArchivePath, "an earlier backup");

        var error = await Assert.ThrowsAsync<ArchiveException>(() =>
            new HotStreamArchiver(Options).CreateAsync(fixture.Request(WorkDirectory), ArchivePath, _ => { }, null, CancellationToken.None));

        Assert.Contains("already exists", error.Message);
        Assert.Equal("an earlier backup", await File.ReadAllTextAsync(ArchivePath));
    }

    [Fact]
    public async Task A_damaged_archive_is_refused_on_restore_by_its_gzip_checksum()
    {
        await new HotStreamArchiver(Options).CreateAsync(fixture.Request(WorkDirectory), ArchivePath, _ => { }, null, CancellationToken.None);

        // The CRC-32 in the trailer: every byte still inflates, only the check can tell.
        await using (var file = new FileStream(ArchivePath, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Seek(-8, SeekOrigin.End);
            var crc = file.ReadByte();
            file.Seek(-8, SeekOrigin.End);
            file.WriteByte((byte)(crc ^ 0xFF));
        }

        var error = await Assert.ThrowsAsync<ArchiveException>(() =>
            HotBackupRestorer.RestoreAsync(fixture.Tool, ArchivePath, _temp.PathOf("restored"), CancellationToken.None));

        Assert.Contains("is damaged", error.Message);
    }

    [Fact]
    public async Task Restore_refuses_a_target_that_is_not_empty()
    {
        var target = Directory.CreateDirectory(_temp.PathOf("busy")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "ibdata1"), "live data");
        await File.WriteAllBytesAsync(ArchivePath, RandomNumberGenerator.GetBytes(16));

        var error = await Assert.ThrowsAsync<ArchiveException>(() => HotBackupRestorer.RestoreAsync(fixture.Tool, ArchivePath, target, CancellationToken.None));

        Assert.Contains("not empty", error.Message);
        Assert.Equal("live data", await File.ReadAllTextAsync(Path.Combine(target, "ibdata1")));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Checks, while mariadb-backup runs, that its options file is 0600 and that the password is not in its command line.</summary>
    private IEnumerable<string> WhereThePasswordIsWhileItRuns()
    {
        var optionsFile = Directory.EnumerateFiles(WorkDirectory, "client.cnf", SearchOption.AllDirectories).Single();
        if (File.GetUnixFileMode(optionsFile) == (UnixFileMode.UserRead | UnixFileMode.UserWrite)
            && File.ReadAllText(optionsFile).Contains(fixture.Server.Password, StringComparison.Ordinal))
        {
            yield return "options file 0600";
        }

        var tool = RunningProcesses.WithCommandLineContaining(WorkDirectory);
        if (tool.Count == 1 && !tool[0].CommandLine.Contains(fixture.Server.Password, StringComparison.Ordinal))
        {
            yield return "not on the command line";
        }
    }

    private Task<(int ExitCode, string Output)> Shell(string script) =>
        ProcessRunner.RunAsync(new ProcessCommand("/bin/sh", ["-c", script]) { Timeout = TimeSpan.FromMinutes(2) })
            .ContinueWith(t => (t.Result.ExitCode, t.Result.Output), TaskScheduler.Default);

    private async Task<MySqlConnector.MySqlConnection> Open()
    {
        var connection = new MySqlConnector.MySqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task Execute(MySqlConnector.MySqlConnection connection, string sql)
    {
        await using var command = new MySqlConnector.MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(MySqlConnector.MySqlConnection connection, string sql)
    {
        await using var command = new MySqlConnector.MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Progress reported on the reporting thread, not posted to a synchronization context.</summary>
    private sealed class SynchronousProgress(Action<ArchiveProgress> report) : IProgress<ArchiveProgress>
    {
        public void Report(ArchiveProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
