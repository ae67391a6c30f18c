namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Operator paths around the client journal: discarding a pending transfer, and one process per journal.</summary>
public sealed class PendingAndLockTests
{
    [Fact]
    public async Task A_discarded_pending_transfer_deletes_the_kept_archive_and_lets_the_next_backup_run()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB",
            extra: "akkabackup.testing.chunk-delay = 150ms\nakkabackup.client.retry { initial = 200ms, max = 1s, deadline = 4s }");
        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        var transferId = Path.GetFileNameWithoutExtension(await env.WaitForPartBytesAsync(4 * 64 * 1024));
        env.Receiver!.Kill();
        Assert.Equal(1, await backup.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        Assert.True(File.Exists(env.StagedArchive));
        var runId = backup.Stdout.Split("pending discard ")[1].Split(')')[0].Trim();
        var store = await ClientStoreAccess.OpenAsync(env);
        var row = await store.PendingTransfers.GetAsync(runId);
        Assert.Equal((transferId, env.StagedArchive), (row?.TransferId, row?.ArchivePath));
        var (_, list) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(1), "pending", "list", "--config", config);
        Assert.Contains($"resume token {transferId}, 1 failed attempt(s)", list.Stdout);

        var (unknownCode, unknown) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(1), "pending", "discard", "no-such-run", "--config", config);
        Assert.Equal(1, unknownCode);
        Assert.Contains("no pending transfer with run id 'no-such-run'", unknown.Stderr);
        Assert.True(File.Exists(env.StagedArchive));

        var (code, discard) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(1), "pending", "discard", runId, "--config", config);
        Assert.True(code == 0, discard.Output);
        Assert.False(File.Exists(env.StagedArchive));
        Assert.Empty(await store.PendingTransfers.ListAsync());

        await env.StartReceiverAsync();
        var (next, run) = await env.BackupAsync(env.WriteClientConfig());
        Assert.True(next == 0, run.Output);
        Assert.Single(env.StoredArchives());
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task A_second_client_process_on_the_same_staging_directory_is_refused_and_touches_nothing()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        var marker = Path.Combine(env.Root, "stop-was-called");
        var config = env.WriteClientConfig(stopCommand: $"touch {marker}; {env.Db.StopCommand}");
        await using var node = NodeProcess.Start(env.Root, "client", "--config", config);
        await node.WaitForOutputAsync("node started; stop it with", TimeSpan.FromMinutes(1));

        var (code, run) = await env.BackupAsync(config);

        Assert.Equal(1, code);
        Assert.Contains("another akkabackup client process", run.Stderr);
        Assert.Contains($"pid {node.Id}", run.Stderr);
        Assert.False(File.Exists(marker));
        Assert.True(await env.Db.AnswersAsync());
    }
}
