using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Each timeout fires against a server, a command or a receiver made to hang, and takes its step's failure path.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task A_stop_command_that_hangs_is_killed_at_stop_timeout_and_the_server_keeps_running()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(stopCommand: "sleep 600", stopTimeout: "3s"));

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");
        Assert.Contains("did not finish within 3 s and was killed", run.Output);
        Assert.True(await env.Db.AnswersAsync());
        Assert.False(File.Exists(env.StagedArchive));
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task A_start_command_that_hangs_is_killed_at_start_timeout_and_the_run_says_what_to_run_by_hand()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(startCommand: "sleep 600", extra: "akkabackup.client.instances.main.start-timeout = 3s");

        var (code, run) = await env.BackupAsync(config);

        try
        {
            Assert.True(code == 3, $"backup exited {code}:\n{run.Output}");
            Assert.Contains("THE SERVER COULD NOT BE STARTED", run.Output);
            Assert.Contains("did not finish within 3 s and was killed", run.Output);
            Assert.Contains("Start it by hand:", run.Stdout);
        }
        finally
        {
            await env.Db.StartAsync();
        }
    }

    [Theory]
    [InlineData("probe-timeout = 2s", "cannot log in to 127.0.0.1")]
    [InlineData("probe-timeout = 120s\nakkabackup.client.preflight-timeout = 3s", "pre-flight did not finish within preflight-timeout = 3 s")]
    public async Task A_frozen_server_fails_preflight_at_its_timeout_and_is_never_stopped(string timeouts, string expected)
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        var marker = Path.Combine(env.Root, "stop-was-called");
        var config = env.WriteClientConfig(stopCommand: $"touch {marker}; {env.Db.StopCommand}", extra: $"akkabackup.client.instances.main.{timeouts}");
        var pid = env.Db.ProcessId;

        NodeProcess.Signal(pid, "STOP");
        int code;
        NodeProcess run;
        try
        {
            (code, run) = await env.BackupAsync(config);
        }
        finally
        {
            NodeProcess.Signal(pid, "CONT");
        }

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");
        Assert.Contains("Preflight", run.Output);
        Assert.Contains(expected, run.Output);
        Assert.False(File.Exists(marker), "a server that does not answer pre-flight must never be stopped");
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task An_archive_that_stops_moving_fails_at_archive_stall_timeout_the_partial_is_removed_and_the_server_restarted()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        using var webhook = new WebhookReceiver();
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $$"""
            akkabackup.testing.archive-stall-after-chunks = 2
            akkabackup.client.archive-stall-timeout = 2s
            akkabackup.alerts.channels = [{ type = webhook, url = "{{webhook.Url("/client")}}", min-severity = critical }]
            """);

        var (code, run) = await env.BackupAsync(config);

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");
        Assert.Contains("no bytes were read or written for", run.Output);
        Assert.Contains("archive-stall-timeout = 2 s", run.Output);
        Assert.True(await env.Db.AnswersAsync(), "the server must be started again after a stalled archive");
        Assert.False(File.Exists(env.StagedArchive), "the partial archive must be removed");
        var alert = (await webhook.NextAsync()).Alert;
        Assert.Equal("BackupFailed", alert.GetProperty("kind").GetString());
        Assert.Contains("archive-stall-timeout", alert.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_frozen_receiver_has_the_server_restarted_then_the_transfer_fails_at_the_deadline_and_Data_zip_is_kept()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: """
            akkabackup.testing.chunk-delay = 150ms
            akkabackup.client { mysql.stall-restart-after = 2s, transfer-stall-timeout = 3s, retry { initial = 200ms, max = 1s, deadline = 8s } }
            """);

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        int code;
        try
        {
            await backup.WaitUntilAsync(() => env.Logs().Contains("Data.zip sealed") && env.PartBytes() > 4 * 64 * 1024);
            NodeProcess.Signal(env.Receiver!.Id, "STOP");
            code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            NodeProcess.Signal(env.Receiver!.Id, "CONT");
        }

        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        var logs = env.Logs();
        Assert.Contains("starting the server now", logs);
        Assert.Contains("no chunk acknowledged for", logs);
        Assert.Contains("retry.deadline", backup.Output);
        Assert.Contains("Data.zip is kept", backup.Output);
        Assert.True(File.Exists(env.StagedArchive), "a sealed archive is kept when the transfer gives up");
        Assert.True(await env.Db.AnswersAsync());
    }
}
