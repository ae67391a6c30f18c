namespace AkkaBackup.EndToEnd.Tests;

/// <summary>When the server comes back: after the transfer (default), after the archive, or when a transfer stalls.</summary>
public sealed class ServerRestartPolicyTests
{
    [Fact]
    public async Task With_restart_after_archive_the_server_answers_while_the_transfer_goes_on()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: "akkabackup.testing.chunk-delay = 500ms\nakkabackup.client.mysql.restart-after = archive");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await backup.WaitUntilAsync(() => env.Logs().Contains("server answers SELECT 1"));
        Assert.False(backup.HasExited, "the transfer should still be running when the server is back");
        Assert.True(await env.Db.AnswersAsync());
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}");
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
    }

    [Fact]
    public async Task A_stalled_transfer_has_the_server_started_and_finishes_from_the_kept_archive_when_the_receiver_returns()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var receiverConfig = env.WriteReceiverConfig();
        await env.StartReceiverAsync(receiverConfig);
        var config = env.WriteClientConfig(chunkSize: "64KiB",
            extra: "akkabackup.testing.chunk-delay = 150ms\nakkabackup.client { mysql.stall-restart-after = 2s, retry { initial = 200ms, max = 1s } }");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await backup.WaitUntilAsync(() => env.Logs().Contains("Data.zip sealed") && env.PartBytes() > 4 * 64 * 1024);
        env.Receiver!.Kill();
        await backup.WaitUntilAsync(() => env.Logs().Contains("starting the server now") && env.Logs().Contains("server answers SELECT 1"));
        Assert.True(await env.Db.AnswersAsync(), "a stalled transfer must not keep the server down");
        Assert.False(backup.HasExited, "the transfer waits for the receiver while the server runs");

        await env.StartReceiverAsync(receiverConfig);
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.False(File.Exists(env.StagedArchive));
    }

    [Fact]
    public async Task An_abandoned_partial_transfer_expires_and_its_part_file_is_removed()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var receiverConfig = env.WriteReceiverConfig();
        await env.StartReceiverAsync(receiverConfig);
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: "akkabackup.testing.chunk-delay = 150ms");
        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await backup.WaitUntilAsync(() => env.PartBytes() > 4 * 64 * 1024);
        backup.Kill();
        env.Receiver!.Kill();

        await env.StartReceiverAsync(env.WriteReceiverConfig("akkabackup.receiver.partial-expiry = 2s"));
        await env.Receiver!.WaitUntilAsync(() => env.PartBytes() == 0 && env.Logs().Contains("abandoned"));

        Assert.Contains("removing", env.Logs());
        Assert.Empty(Directory.GetFiles(Path.Combine(env.Store, ".partial"), "*.part"));
        await env.Db.StartAsync();
    }
}
