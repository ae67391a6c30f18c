namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// kill -9 of the client mid-run, in each phase it can be caught in: the restarted client node starts the
/// server first, then completes the run from the kept archive or fails it with nothing half-written left.
/// </summary>
public sealed class ClientCrashTests
{
    internal const string FastRetry = "akkabackup.client.retry { initial = 200ms, max = 2s }";

    [Fact]
    public async Task Killed_while_stopping_the_server_the_restarted_node_starts_it_and_fails_the_run_cleanly()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 500);
        await env.StartReceiverAsync();
        var marker = Path.Combine(env.Root, "stopped");
        var config = env.WriteClientConfig(stopCommand: $"{env.Db.StopCommand}; touch {marker}; sleep 30");

        await CrashWhenAsync(env, config, () => File.Exists(marker));
        Assert.False(await env.Db.AnswersAsync(), "the server should be down when the client dies");

        await RestartClientUntilRecoveredAsync(env, config, "FAILED in");

        Assert.True(await env.Db.AnswersAsync(), "the restarted node must start the server it had stopped");
        Assert.False(File.Exists(env.StagedArchive), "nothing half-written may be left behind");
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task Killed_while_archiving_the_restarted_node_starts_the_server_and_removes_both_partial_files()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.archive-chunk-delay = 300ms\n{FastRetry}");

        await CrashWhenAsync(env, config, () => env.PartBytes() >= 2 * 64 * 1024 && File.Exists(env.StagedArchive));
        Assert.DoesNotContain("Data.zip sealed", env.Logs());
        Assert.False(await env.Db.AnswersAsync(), "the server should be down when the client dies");

        // The run is reported failed only once the receiver confirmed the abort: the node may be stopped right after.
        await RestartClientUntilRecoveredAsync(env, config, "FAILED in", "the receiver removed its partial transfer");
        AssertAbortConfirmedBeforeTheFailure(env);

        Assert.True(await env.Db.AnswersAsync(), "the restarted node must start the server it had stopped");
        Assert.False(File.Exists(env.StagedArchive), "the partial Data.zip must be removed");
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task Killed_while_archiving_with_the_receiver_gone_the_restarted_node_starts_the_server_and_fails_the_run_after_a_bounded_wait()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var receiver = await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.archive-chunk-delay = 300ms\n{FastRetry}");

        await CrashWhenAsync(env, config, () => env.PartBytes() >= 2 * 64 * 1024 && File.Exists(env.StagedArchive));
        receiver.Terminate();
        Assert.Equal(0, await receiver.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.False(await env.Db.AnswersAsync(), "the server should be down when the client dies");

        // Nobody answers the abort: the run still ends, once its wait (request-timeout, at most 10 s) is over.
        await RestartClientUntilRecoveredAsync(env, config, "FAILED in", "the receiver did not confirm removing its partial transfer");

        Assert.True(await env.Db.AnswersAsync(), "the restarted node must start the server it had stopped");
        Assert.False(File.Exists(env.StagedArchive), "the partial Data.zip must be removed");
        Assert.Contains("partial-expiry", env.Logs());
        Assert.Single(env.PartFiles());
    }

    [Fact]
    public async Task Killed_while_transferring_the_restarted_node_starts_the_server_and_completes_the_run_from_the_kept_archive()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.chunk-delay = 150ms\n{FastRetry}");

        await CrashWhenAsync(env, config, () => env.PartBytes() >= 6 * 64 * 1024 && File.Exists(env.StagedArchive) && env.Logs().Contains("Data.zip sealed"));
        Assert.False(await env.Db.AnswersAsync(), "the server should be down when the client dies");

        await RestartClientUntilRecoveredAsync(env, config, "succeeded:");

        Assert.True(await env.Db.AnswersAsync());
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        await Checks.UnzipTestPassesAsync(stored);
        Assert.False(File.Exists(env.StagedArchive), "Data.zip is deleted once the receiver stored it");
        Assert.Empty(await (await ClientStoreAccess.OpenAsync(env)).PendingTransfers.ListAsync());
    }

    [Fact]
    public async Task Killed_while_starting_the_server_the_restarted_node_starts_it_and_completes_the_run()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 500);
        await env.StartReceiverAsync();
        var marker = Path.Combine(env.Root, "starting");
        var config = env.WriteClientConfig(startCommand: $"touch {marker}; sleep 30; {env.Db.StartCommand}", extra: FastRetry);

        await CrashWhenAsync(env, config, () => File.Exists(marker));
        Assert.False(await env.Db.AnswersAsync(), "the server should still be down when the client dies");

        // The restarted node's own start command sleeps too; the fixture's plain start is what a DBA would fix it to.
        var fixedConfig = env.WriteClientConfig(extra: FastRetry);
        await RestartClientUntilRecoveredAsync(env, fixedConfig, "succeeded:");

        Assert.True(await env.Db.AnswersAsync());
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.False(File.Exists(env.StagedArchive));
    }

    internal static async Task CrashWhenAsync(BackupEnvironment env, string config, Func<bool> condition)
    {
        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (backup.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the run ended or stalled before the crash point:\n{backup.Output}\n{env.Logs()}");
            }

            await Task.Delay(50);
        }

        backup.Kill();
    }

    /// <param name="alsoAfter">Further lines the recovered node must log before it is stopped.</param>
    internal static async Task RestartClientUntilRecoveredAsync(BackupEnvironment env, string config, string outcome, params string[] alsoAfter)
    {
        await using var node = NodeProcess.Start(env.Root, "client", "--config", config);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!alsoAfter.Prepend(outcome).All(line => RecoveredRunEnded(env.Logs(), line)))
        {
            if (node.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the restarted client node did not finish the interrupted run with '{outcome}':\n{node.Output}\n{env.Logs()}");
            }

            await Task.Delay(100);
        }

        Assert.Contains("was interrupted by a restart of this node", env.Logs());
        node.Terminate();
        Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromMinutes(1)));
    }

    /// <summary>
    /// The restarted node asked the receiver to remove the partial transfer, the receiver confirmed, and only then
    /// was the run reported failed: by then the receiver holds no .part file.
    /// </summary>
    internal static void AssertAbortConfirmedBeforeTheFailure(BackupEnvironment env)
    {
        var logs = env.Logs();
        var recovered = logs.IndexOf("was interrupted by a restart of this node", StringComparison.Ordinal);
        var asked = logs.IndexOf("asked the receiver to remove its partial transfer", recovered, StringComparison.Ordinal);
        var confirmed = logs.IndexOf("the receiver removed its partial transfer", recovered, StringComparison.Ordinal);
        var failed = logs.IndexOf("FAILED in", recovered, StringComparison.Ordinal);
        Assert.True(recovered >= 0 && asked > recovered && confirmed > asked && failed > confirmed, $"expected: asked, confirmed, then FAILED:\n{logs}");
        Assert.Empty(env.PartFiles());
    }

    private static bool RecoveredRunEnded(string logs, string outcome)
    {
        var recovered = logs.IndexOf("was interrupted by a restart of this node", StringComparison.Ordinal);
        return recovered >= 0 && logs.IndexOf(outcome, recovered, StringComparison.Ordinal) >= 0;
    }
}
