using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store;
using AkkaBackup.Store.RunLog;
using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.Alerts;
using static AkkaBackup.EndToEnd.Tests.SchedulingTests;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// Issue 15 on a real client node process: backups that do not stop silently. An instance with no successful
/// backup in its interval alerts, a parked transfer retries itself once the receiver is back, a run refused
/// meanwhile leaves a row and an alert, and a node started with paused schedules says so.
/// </summary>
public sealed class WatchfulClientTests
{
    /// <summary>Short retries so that a killed receiver parks the run within seconds; a webhook taking every alert.</summary>
    private static string Watchful(WebhookReceiver webhook, string more = "") => $$"""
        akkabackup.testing.chunk-delay = 150ms
        akkabackup.client.retry { initial = 200ms, max = 1s, deadline = 4s }
        akkabackup.alerts.channels = [ { type = webhook, url = "{{webhook.Url("/alerts")}}", min-severity = info } ]
        {{more}}
        """;

    [Fact]
    public async Task An_instance_without_a_backup_in_its_interval_alerts_once_shows_as_overdue_and_recovers_with_a_backup()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        await using var node = await ConsoleNode.StartAsync(env, extra: $$"""
            akkabackup.client.instances.main.overdue-after = 10s
            akkabackup.client.overdue.check-every = 1s
            akkabackup.alerts.channels = [ { type = webhook, url = "{{webhook.Url("/alerts")}}", min-severity = info } ]
            """);

        var overdue = (await NextOfKindAsync(webhook, "InstanceOverdue", TimeSpan.FromMinutes(1))).Alert;
        Assert.Equal(("Warning", "client-1", "main"),
            (overdue.GetProperty("severity").GetString(), overdue.GetProperty("node").GetString(), overdue.GetProperty("instance").GetString()));
        Assert.Contains("no successful backup for 10 s", overdue.GetProperty("title").GetString());
        var (statusCode, status) = await node.AbkAsync("node", "status");
        Assert.True(statusCode == 0, status.Output);
        Assert.Contains("OVERDUE main: no successful backup since the node started (expected within 00:00:10, overdue-after)", status.Stdout);
        var (_, report) = await node.AbkAsync("report", "summary", "--csv");
        Assert.Contains("\nmain,cold,0,0,0,,,,,0,,,yes", report.Stdout.Replace("\r", "", StringComparison.Ordinal));

        await node.StartRunAsync("main");
        var recovered = (await NextOfKindAsync(webhook, "InstanceOverdueRecovered", TimeSpan.FromMinutes(3))).Alert;

        Assert.Equal("Info", recovered.GetProperty("severity").GetString());
        Assert.Single(webhook.All, w => w.Alert.GetProperty("kind").GetString() == "InstanceOverdue");
        var (_, after) = await node.AbkAsync("report", "summary", "--json");
        Assert.Contains("\"overdue\": false", after.Stdout);
    }

    [Fact]
    public async Task A_parked_transfer_completes_by_itself_when_the_receiver_is_back_and_the_next_scheduled_run_proceeds()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        using var webhook = new WebhookReceiver();
        await using var node = await ConsoleNode.StartAsync(env, chunkSize: "64KiB", extra: Watchful(webhook, """
            akkabackup.client.pending { probe-initial = 1s, probe-max = 2s }
            akkabackup.client.auto-start = true
            """));
        var store = await ClientStoreAccess.OpenAsync(env);
        var parkedRun = await ParkAsync(env, node, store);

        await env.StartReceiverAsync();
        await WaitForStatusAsync(store, parkedRun, RunStatus.Succeeded, env);

        Assert.Empty(await store.PendingTransfers.ListAsync());
        Assert.False(File.Exists(env.StagedArchive));
        Assert.Single(env.StoredArchives());
        Assert.Contains("automatic retry", env.Logs());
        var (_, list) = await node.AbkAsync("log", "list", "--instance", "main");
        Assert.Contains(parkedRun, list.Stdout);

        await store.Schedules.SaveAsync(new BackupSchedule("next", "main", Once(WholeSecondIn(5)), "UTC", MisfirePolicy.RunOnce, Enabled: true));
        var runs = await ClientStoreAccess.WaitForFinishedRunsAsync(store, 2, TimeSpan.FromMinutes(3), env);

        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(2, env.StoredArchives().Count);
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task A_scheduled_run_is_refused_with_a_row_and_an_alert_while_the_receiver_is_down_and_retries_the_parked_transfer_first_once_it_is_back()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        using var webhook = new WebhookReceiver();
        // No automatic probe within the test: only the schedules retry the parked transfer.
        await using var node = await ConsoleNode.StartAsync(env, chunkSize: "64KiB", extra: Watchful(webhook, """
            akkabackup.client.pending { probe-initial = 1h, probe-max = 1h }
            akkabackup.client.auto-start = true
            """));
        var store = await ClientStoreAccess.OpenAsync(env);
        var parkedRun = await ParkAsync(env, node, store);

        await store.Schedules.SaveAsync(new BackupSchedule("while-down", "main", Once(WholeSecondIn(3)), "UTC", MisfirePolicy.RunOnce, Enabled: true));
        var refused = await WaitForRunAsync(store, r => r.Status == RunStatus.Refused, env);
        Assert.Contains($"pending transfer that waits for the receiver: run {parkedRun}", refused.Error?.Message);
        var skipped = (await NextOfKindAsync(webhook, "RunSkipped", TimeSpan.FromMinutes(1))).Alert;
        Assert.Contains(refused.RunId, skipped.GetProperty("body").GetString());

        await env.StartReceiverAsync();
        await store.Schedules.SaveAsync(new BackupSchedule("when-back", "main", Once(WholeSecondIn(3)), "UTC", MisfirePolicy.RunOnce, Enabled: true));
        var retried = await WaitForStatusAsync(store, parkedRun, RunStatus.Succeeded, env);
        var scheduled = await WaitForRunAsync(store, r => r.Status == RunStatus.Succeeded && r.RunId != parkedRun, env);

        Assert.True(scheduled.StartedAt >= retried.EndedAt, $"the scheduled run started {scheduled.StartedAt:O}, before the retry ended {retried.EndedAt:O}");
        Assert.Equal(2, env.StoredArchives().Count);
        Assert.Empty(await store.PendingTransfers.ListAsync());
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task A_node_started_with_paused_schedules_alerts_and_its_status_says_so_first()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        await ClientStoreAccess.ImportAsync(env, env.WriteClientConfig());
        var store = await ClientStoreAccess.OpenAsync(env);
        await store.Schedules.SaveAsync(new BackupSchedule("nightly", "main", "0 2 * * *", "UTC", MisfirePolicy.RunOnce, Enabled: true));

        await using var node = await ConsoleNode.StartAsync(env, extra: $$"""
            akkabackup.alerts.channels = [ { type = webhook, url = "{{webhook.Url("/alerts")}}", min-severity = warning } ]
            """);

        var paused = (await NextOfKindAsync(webhook, "SchedulesPaused", TimeSpan.FromMinutes(1))).Alert;
        Assert.Equal("Warning", paused.GetProperty("severity").GetString());
        Assert.Contains("auto-start = true", paused.GetProperty("body").GetString());
        var (code, status) = await node.AbkAsync("node", "status");
        Assert.True(code == 0, status.Output);
        Assert.StartsWith("SCHEDULES PAUSED: none of the 1 schedule(s) fires until `node resume`", status.Stdout);
    }

    /// <summary>Starts a run, kills the receiver mid-transfer and waits until the run is parked with its archive kept; returns its id.</summary>
    private static async Task<string> ParkAsync(BackupEnvironment env, ConsoleNode node, NodeStore store)
    {
        var runId = await node.StartRunAsync("main");
        await env.WaitForPartBytesAsync(4 * 64 * 1024);
        env.Receiver!.Kill();
        await ClientStoreAccess.WaitForPendingTransferAsync(store, runId, row => row?.Attempts >= 1);
        Assert.True(File.Exists(env.StagedArchive));
        return runId;
    }

    private static async Task<RunRecord> WaitForStatusAsync(NodeStore store, string runId, RunStatus status, BackupEnvironment env) =>
        await WaitForRunAsync(store, r => r.RunId == runId && r.Status == status, env);

    private static async Task<RunRecord> WaitForRunAsync(NodeStore store, Func<RunRecord, bool> condition, BackupEnvironment env)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if ((await store.RunLog.SearchAsync(new RunLogQuery(Instance: "main"))).FirstOrDefault(condition) is { } run)
            {
                return run;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"no such run in the run log within 3 min:\n{env.Logs()}");
    }

    private static async Task<ReceivedWebhook> NextOfKindAsync(WebhookReceiver webhook, string kind, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var next = await webhook.NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (next.Alert.GetProperty("kind").GetString() == kind)
            {
                return next;
            }
        }
    }
}
