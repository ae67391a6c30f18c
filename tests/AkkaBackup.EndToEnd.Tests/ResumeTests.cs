using AkkaBackup.TestSupport;
using System.Text.Json;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Issue 3: interruptions on either side never mean starting over, and never leave the database down.</summary>
public sealed class ResumeTests
{
    private const int Window = 4;
    private const string FastRetry = "akkabackup.client.retry { initial = 200ms, max = 2s }";

    [Fact]
    public async Task A_receiver_killed_twice_mid_transfer_and_restarted_completes_the_run_resending_at_most_the_window()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);

        // Snapshots every 5 chunks, so recovery runs from a snapshot plus the events after it.
        var receiverConfig = env.WriteReceiverConfig("akkabackup.receiver.snapshot-every = 5");
        await env.StartReceiverAsync(receiverConfig);
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.chunk-delay = 150ms\n{FastRetry}");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        for (var interruption = 1; interruption <= 2; interruption++)
        {
            await env.WaitForPartBytesAsync(interruption * 8 * 64 * 1024);
            env.Receiver!.Kill();
            await Task.Delay(1500);
            await env.StartReceiverAsync(receiverConfig);
        }

        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        Assert.InRange(report.GetProperty("chunksResent").GetInt32(), 0, 2 * Window);
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.Equal(report.GetProperty("sha256").GetString(), Checks.Sha256(stored));
        await Checks.UnzipTestPassesAsync(stored);
        Assert.Contains("recovered", env.Logs());
        Assert.DoesNotContain("snapshot not saved", env.Logs());
        Assert.True(await env.Db.AnswersAsync());
        Assert.False(File.Exists(env.StagedArchive));
    }

    [Fact]
    public async Task Bytes_flipped_in_a_stored_chunk_while_the_receiver_is_down_are_found_on_resume_and_sent_again()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);

        await BackUpWithAChunkDamagedWhileTheReceiverIsDownAsync(env, receiverExtra: "");

        Assert.Contains("failed re-verification", env.Logs());
    }

    [Fact]
    public async Task With_sampled_re_verification_damage_outside_the_sample_is_caught_by_the_final_checksum_and_sent_again()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);

        await BackUpWithAChunkDamagedWhileTheReceiverIsDownAsync(env, "akkabackup.receiver.resume { verify = sample, sample-chunks = 0, tail-chunks = 2 }");

        Assert.DoesNotContain("failed re-verification", env.Logs());
        Assert.Contains("SHA-256 mismatch", env.Logs());
        Assert.Contains("damaged on the receiver's disk were dropped", env.Logs());
    }

    [Fact]
    public async Task A_30_second_network_cut_on_the_data_plane_is_survived_without_resending_acknowledged_chunks()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await using var proxy = new TcpCutProxy(env.DataPort);
        await env.StartReceiverAsync(env.WriteReceiverConfig($"akkabackup.receiver.data-plane.public-port = {proxy.Port}"));
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.chunk-delay = 150ms\nakkabackup.client.retry {{ initial = 1s, max = 8s }}");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        await env.WaitForPartBytesAsync(8 * 64 * 1024);
        proxy.Cut(TimeSpan.FromSeconds(30));
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        Assert.InRange(report.GetProperty("chunksResent").GetInt32(), 0, Window);
        Assert.Contains("retrying in", env.Logs());
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(report.GetProperty("sha256").GetString(), Checks.Sha256(stored));
    }

    [Fact]
    public async Task A_pending_transfer_whose_token_the_receiver_forgot_is_sent_again_as_a_fresh_transfer_on_retry()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var receiverConfig = env.WriteReceiverConfig();
        await env.StartReceiverAsync(receiverConfig);
        var config = env.WriteClientConfig(chunkSize: "64KiB",
            extra: "akkabackup.testing.chunk-delay = 150ms\nakkabackup.client.retry { initial = 200ms, max = 1s, deadline = 4s }");

        // The receiver dies and stays down past the retry deadline: the run fails, the server is started, Data.zip is kept.
        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        var transferId = Path.GetFileNameWithoutExtension(await env.WaitForPartBytesAsync(4 * 64 * 1024));
        env.Receiver!.Kill();
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(4));
        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        Assert.True(await env.Db.AnswersAsync());
        Assert.True(File.Exists(env.StagedArchive));

        var (listCode, list) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(1), "pending", "list", "--config", config, "--json");
        Assert.True(listCode == 0, list.Output);
        var json = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('[')).ToList();
        Assert.True(json.Count == 1, $"expected one JSON line on stdout:\n{list.Stdout}");
        var pending = Assert.Single(JsonDocument.Parse(json[0]).RootElement.EnumerateArray());
        var runId = pending.GetProperty("runId").GetString()!;
        Assert.Equal(env.StagedArchive, pending.GetProperty("archivePath").GetString());
        Assert.Equal(transferId, pending.GetProperty("transferId").GetString());
        Assert.Equal(1, pending.GetProperty("attempts").GetInt32());

        // The client's store records the resume token with the kept archive, its checksum and the failed attempt.
        var store = await ClientStoreAccess.OpenAsync(env);
        var row = await store.PendingTransfers.GetAsync(runId);
        Assert.NotNull(row);
        Assert.Equal(transferId, row.TransferId);
        Assert.Equal(env.StagedArchive, row.ArchivePath);
        Assert.Equal(new FileInfo(env.StagedArchive).Length, row.SizeBytes);
        Assert.Equal(Checks.Sha256(env.StagedArchive), row.Sha256);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("transfer failed", row.LastError);

        // A new backup of the instance is refused while its transfer is pending, naming both ways out.
        var (refusedCode, refused) = await env.BackupAsync(config);
        Assert.Equal(1, refusedCode);
        Assert.Contains($"pending retry {runId}", refused.Output);

        // The receiver lost everything it had for that transfer: the token is unknown, the archive goes again as a new transfer.
        Directory.Delete(Path.Combine(env.Store, ".partial"), recursive: true);
        await env.StartReceiverAsync(receiverConfig);
        var (retryCode, retry) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(4), "pending", "retry", runId, "--config", config);

        Assert.True(retryCode == 0, $"retry exited {retryCode}:\n{retry.Output}\n{env.Logs()}");
        Assert.Contains("holds no partial transfer", env.Logs());
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.False(File.Exists(env.StagedArchive));
        var (_, after) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(1), "pending", "list", "--config", config);
        Assert.Contains("No pending transfers", after.Stdout);
        Assert.Empty(await store.PendingTransfers.ListAsync());
    }

    /// <summary>
    /// Kills the receiver after 8 chunks, flips a byte of chunk 2 in its .part file, restarts it, and checks
    /// that the run still stores an exact archive.
    /// </summary>
    private static async Task BackUpWithAChunkDamagedWhileTheReceiverIsDownAsync(BackupEnvironment env, string receiverExtra)
    {
        var receiverConfig = env.WriteReceiverConfig(receiverExtra);
        await env.StartReceiverAsync(receiverConfig);
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.chunk-delay = 150ms\n{FastRetry}");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        var part = await env.WaitForPartBytesAsync(8 * 64 * 1024);
        env.Receiver!.Kill();
        FlipByte(part, (2 * 64 * 1024) + 100);

        await env.StartReceiverAsync(receiverConfig);
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        await Checks.UnzipTestPassesAsync(stored);
    }

    private static void FlipByte(string path, long position)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = position;
        var b = file.ReadByte();
        file.Position--;
        file.WriteByte((byte)(b ^ 0xFF));
    }
}
