using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Schedules fire runs on a real client node process; the run log shows what ran.</summary>
public sealed class SchedulingTests
{
    /// <summary>A six-field cron (UTC) that fires once, at <paramref name="at"/>.</summary>
    internal static string Once(DateTimeOffset at) => $"{at.Second} {at.Minute} {at.Hour} {at.Day} {at.Month} *";

    /// <summary>A whole second <paramref name="seconds"/> from now: cron fires on whole seconds.</summary>
    internal static DateTimeOffset WholeSecondIn(int seconds)
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(seconds);
        return at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
    }

    [Fact]
    public async Task A_schedule_a_few_seconds_ahead_fires_exactly_once()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig();
        await ClientStoreAccess.ImportAsync(env, config);
        var store = await ClientStoreAccess.OpenAsync(env);
        await store.Settings.SetAsync("auto-start", "true");
        var firing = WholeSecondIn(15);
        await store.Schedules.SaveAsync(new BackupSchedule("soon", "main", Once(firing), "UTC", MisfirePolicy.RunOnce, Enabled: true));

        await using var node = NodeProcess.Start(env.Root, "client", "--config", config);
        var runs = await ClientStoreAccess.WaitForFinishedRunsAsync(store, 1, TimeSpan.FromMinutes(3), env);

        // The node keeps ticking every second well past the firing; still one run.
        await node.WaitForOutputAsync("Schedule 'soon' started run", TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var all = await store.RunLog.SearchAsync(new RunLogQuery(Instance: "main"));
        var run = Assert.Single(all);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.True(run.StartedAt >= firing, $"started {run.StartedAt:O}, before the firing at {firing:O}");
        Assert.Single(env.StoredArchives());
        Assert.NotNull((await store.Schedules.GetAsync("soon"))!.LastFired);
        Assert.True(await env.Db.AnswersAsync());
        Assert.Equal(runs[0].RunId, run.RunId);
    }

    [Fact]
    public async Task Two_schedules_on_one_instance_never_overlap()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();
        // Every chunk waits 4 s, so the first run is still going when the second schedule fires 2 s later.
        var config = env.WriteClientConfig(extra: "akkabackup.testing.chunk-delay = 4s");
        await ClientStoreAccess.ImportAsync(env, config);
        var store = await ClientStoreAccess.OpenAsync(env);
        await store.Settings.SetAsync("auto-start", "true");

        // The node runs before the schedules exist (its scheduler re-reads them every second): started
        // afterwards on a loaded machine, its first tick could come after both firings and find them as one.
        await using var node = NodeProcess.Start(env.Root, "client", "--config", config);
        await node.WaitForOutputAsync("node started; stop it with", TimeSpan.FromMinutes(1));
        var first = WholeSecondIn(5);
        await store.Schedules.SaveAsync(new BackupSchedule("first", "main", Once(first), "UTC", MisfirePolicy.RunOnce, Enabled: true));
        await store.Schedules.SaveAsync(new BackupSchedule("second", "main", Once(first.AddSeconds(2)), "UTC", MisfirePolicy.RunOnce, Enabled: true));

        var runs = await ClientStoreAccess.WaitForFinishedRunsAsync(store, 2, TimeSpan.FromMinutes(4), env);

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.True(runs[1].StartedAt >= runs[0].EndedAt, $"second run started {runs[1].StartedAt:O} before the first ended {runs[0].EndedAt:O}");
        Assert.True(runs[0].EndedAt > first.AddSeconds(2), "precondition: the second schedule fired while the first run was still going");
        Assert.Equal(2, env.StoredArchives().Count);
        Assert.True(await env.Db.AnswersAsync());
    }
}
