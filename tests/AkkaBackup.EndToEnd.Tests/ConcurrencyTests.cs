using AkkaBackup.Store.RunLog;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Two instances (two servers) on one client node: the node's <c>concurrency</c> setting decides whether their runs overlap or queue.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrency_2_runs_two_instances_at_once_and_concurrency_1_queues_the_second_until_the_first_is_over()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await using var second = await MariaDbServer.StartNewAsync("second");
        await second.GenerateSampleDataAsync(150);

        // Each run's stop waits at its instance's gate, which the stop closes behind itself: every run stays in progress
        // until the test has started and listed the other, and opened the gate for it.
        var mainGate = new CommandGate(env, "main");
        var secondGate = new CommandGate(env, "second");
        await using var console = await ConsoleNode.StartAsync(env, stopCommand: mainGate.EachTimeBefore(env.Db.StopCommand));
        var (added, add) = await console.AbkWithInputAsync(second.Password + "\n",
            "config", "instance", "add", "second", "--host", "127.0.0.1", "--port", second.Port.ToString(), "--user", second.User, "--password", "-",
            "--data-directory", second.DataDirectory, "--service-kind", "command", "--stop-command", secondGate.EachTimeBefore(second.StopCommand), "--start-command", second.StartCommand);
        Assert.True(added == 0, add.Output);
        var store = await ClientStoreAccess.OpenAsync(env);

        await SetConcurrencyAsync(console, 2);
        var main1 = await console.StartRunAsync("main", "started");
        var second1 = await console.StartRunAsync("second", "started");
        var (_, both) = await console.AbkAsync("backup", "list");
        mainGate.Open();
        secondGate.Open();
        Assert.Matches($"running\\s+{main1}", both.Stdout);
        Assert.Matches($"running\\s+{second1}", both.Stdout);
        await ClientStoreAccess.WaitForFinishedRunsAsync(store, 2, TimeSpan.FromMinutes(3), env);
        var (a, b) = (await store.RunLog.GetAsync(main1), await store.RunLog.GetAsync(second1));
        Assert.True(a!.StartedAt < b!.EndedAt && b.StartedAt < a.EndedAt, $"with concurrency 2 the runs must overlap: {a} / {b}");

        await SetConcurrencyAsync(console, 1);
        var main2 = await console.StartRunAsync("main", "started");
        var second2 = await console.StartRunAsync("second", "queued at position 1");
        var (_, queued) = await console.AbkAsync("backup", "list");
        // The queued run's stop finds its gate open once the first run is over.
        mainGate.Open();
        secondGate.Open();
        Assert.Matches($"running\\s+{main2}", queued.Stdout);
        Assert.Matches($"queued\\s+{second2}", queued.Stdout);
        await ClientStoreAccess.WaitForFinishedRunsAsync(store, 4, TimeSpan.FromMinutes(3), env);
        var (first, then) = (await store.RunLog.GetAsync(main2), await store.RunLog.GetAsync(second2));
        Assert.True(then!.StartedAt >= first!.EndedAt, $"with concurrency 1 the queued run must start after the first ended: {first} / {then}");

        // Every run stored exactly what it sealed; the overlapping pair restores to its own server's tables.
        var runs = new[] { a, b, first, then };
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(4, env.StoredArchives().Count);
        Assert.All(runs, r => Assert.Equal(r.Sha256, Checks.Sha256(Stored(env, r)), ignoreCase: true));
        Assert.Equal(await env.Db.ChecksumTablesAsync(), await Checks.RestoredChecksumsAsync(env.Root, Stored(env, a), env.Db));
        Assert.Equal(await second.ChecksumTablesAsync(), await Checks.RestoredChecksumsAsync(env.Root, Stored(env, b), second));
        Assert.True(await env.Db.AnswersAsync());
        Assert.True(await second.AnswersAsync());
    }

    private static async Task SetConcurrencyAsync(ConsoleNode console, int concurrency)
    {
        var (code, set) = await console.AbkAsync("config", "setting", "set", "concurrency", concurrency.ToString());
        Assert.True(code == 0, set.Output);
    }

    private static string Stored(BackupEnvironment env, RunRecord run) =>
        env.StoredArchives().Single(p => p.EndsWith(run.StoredName!, StringComparison.Ordinal));
}
