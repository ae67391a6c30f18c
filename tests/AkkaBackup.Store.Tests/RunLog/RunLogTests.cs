using AkkaBackup.Core.Naming;
using System.Text;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Settings;
using AkkaBackup.Store.Tests.Support;

namespace AkkaBackup.Store.Tests.RunLog;

public sealed class RunLogTests
{
    private static async Task<(TempStore Temp, NodeStore Store)> FilledAsync()
    {
        var (temp, store) = await TempStore.OpenAsync();
        foreach (var run in GeneratedRuns.All())
        {
            await store.RunLog.SaveAsync(run);
        }

        return (temp, store);
    }

    [Fact]
    public async Task A_run_round_trips_with_phases_error_and_system_state()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;
        var expected = GeneratedRuns.All().Single(r => r.RunId == "db1-10");

        var stored = (await store.RunLog.GetAsync("db1-10"))!;

        Assert.Equal(expected.Phases, stored.Phases);
        Assert.Equal(expected.Error, stored.Error);
        Assert.Equal(expected with { Phases = stored.Phases }, stored);
        Assert.Equal(TimeSpan.FromMinutes(10), stored.Duration);
    }

    [Fact]
    public async Task A_run_keeps_its_backup_type_and_one_saved_without_one_reads_as_cold()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var hot = GeneratedRuns.Run("r-hot", "db1", GeneratedRuns.November1, TimeSpan.FromMinutes(3), RunStatus.Succeeded) with { Type = AkkaBackup.Core.Naming.BackupType.Hot };

        await store.RunLog.SaveAsync(hot);
        await store.RunLog.SaveAsync(GeneratedRuns.Run("r-old", "db1", GeneratedRuns.November1, TimeSpan.FromMinutes(3), RunStatus.Succeeded));

        Assert.Equal(AkkaBackup.Core.Naming.BackupType.Hot, (await store.RunLog.GetAsync("r-hot"))!.Type);
        Assert.Equal(AkkaBackup.Core.Naming.BackupType.Cold, (await store.RunLog.GetAsync("r-old"))!.Type);
    }

    [Fact]
    public async Task A_hot_run_keeps_the_LSNs_of_its_copy_and_a_cold_one_has_none()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var hot = GeneratedRuns.Run("r-hot", "db1", GeneratedRuns.November1, TimeSpan.FromMinutes(3), RunStatus.Succeeded)
            with { Type = AkkaBackup.Core.Naming.BackupType.Hot, FromLsn = "44404", ToLsn = "18446744073709551000" };

        await store.RunLog.SaveAsync(hot);
        await store.RunLog.SaveAsync(GeneratedRuns.Run("r-cold", "db1", GeneratedRuns.November1, TimeSpan.FromMinutes(3), RunStatus.Succeeded));

        var read = (await store.RunLog.GetAsync("r-hot"))!;
        Assert.Equal(("44404", "18446744073709551000"), (read.FromLsn, read.ToLsn));
        var cold = (await store.RunLog.GetAsync("r-cold"))!;
        Assert.Equal((null, null), (cold.FromLsn, cold.ToLsn));
    }

    [Fact]
    public async Task Saving_a_run_again_replaces_it()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var started = GeneratedRuns.Run("r1", "db1", GeneratedRuns.November1, TimeSpan.Zero, RunStatus.Running) with { EndedAt = null };

        await store.RunLog.SaveAsync(started);
        await store.RunLog.SaveAsync(started with { Status = RunStatus.Succeeded, EndedAt = started.StartedAt.AddMinutes(7) });

        Assert.Equal(RunStatus.Succeeded, (await store.RunLog.GetAsync("r1"))!.Status);
        Assert.Equal(1, await temp.CountAsync("run_log"));
    }

    [Fact]
    public async Task Runs_saved_from_many_threads_at_once_all_land()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        // Actors write the log from pool threads; WAL and immediate transactions make writers queue, not fail.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await store.RunLog.SaveAsync(GeneratedRuns.Run($"w{worker}-{i}", "db1", GeneratedRuns.November1.AddMinutes(i), TimeSpan.FromMinutes(1), RunStatus.Succeeded));
            }
        })));

        Assert.Equal(80, await temp.CountAsync("run_log"));
    }

    [Theory]
    [InlineData("db2", null, null, null, null, "db2-3,db2-2,db2-1")]
    [InlineData(null, RunStatus.Failed, null, null, null, "db1-20,db1-15,db1-10,db1-05")]
    [InlineData("db1", RunStatus.Running, null, null, null, "db1-running")]
    [InlineData(null, null, 4, 9, null, "db1-09,db1-08,db1-07,db1-06,db1-05")]
    [InlineData("db1", RunStatus.Succeeded, 4, 9, null, "db1-09,db1-08,db1-07,db1-06")]
    [InlineData(null, null, null, null, "CONNECTION refused", "db1-05")]
    [InlineData(null, null, null, null, "Compressor.Write", "db1-10")]
    [InlineData(null, null, null, null, "StoppingServer", "db1-15")]
    [InlineData(null, null, null, null, "%", "db1-10")]
    [InlineData(null, null, null, null, "no such text", "")]
    public async Task Filters_by_instance_status_date_range_and_error_text(string? instance, RunStatus? status, int? fromDay, int? toDay, string? text, string expected)
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;
        var query = new RunLogQuery(
            instance,
            status,
            fromDay is { } f ? GeneratedRuns.November1.AddDays(f) : null,
            toDay is { } t ? GeneratedRuns.November1.AddDays(t) : null,
            text);

        var runs = await store.RunLog.SearchAsync(query);

        Assert.Equal(expected, string.Join(",", runs.Select(r => r.RunId)));
    }

    [Fact]
    public async Task The_limit_keeps_the_newest_runs()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;

        var runs = await store.RunLog.SearchAsync(new RunLogQuery(Limit: 3));

        Assert.Equal(["db2-3", "db2-2", "db2-1"], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task The_summary_counts_runs_rates_durations_downtime_and_sizes_per_instance()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;

        var summaries = await store.RunLog.SummarizeAsync(GeneratedRuns.November1);

        Assert.Equal(["db1", "db2"], summaries.Select(s => s.Instance));
        var db1 = summaries[0];
        Assert.Equal(20, db1.Runs);
        Assert.Equal(16, db1.Succeeded);
        Assert.Equal(0.8, db1.SuccessRate, precision: 10);
        Assert.Equal(TimeSpan.FromMinutes(10.5), db1.AverageDuration);
        Assert.Equal(TimeSpan.FromMinutes(19), db1.P95Duration);
        Assert.Equal(TimeSpan.FromSeconds(315), db1.AverageDowntime);
        Assert.Equal(TimeSpan.FromSeconds(570), db1.P95Downtime);
        Assert.Equal(160_000, db1.TotalArchiveBytes);
        Assert.Equal(10_000, db1.AverageArchiveBytes);
        Assert.Equal(GeneratedRuns.November1.AddDays(18).AddMinutes(19), db1.LastSuccess);

        var db2 = summaries[1];
        Assert.Equal((3, 2), (db2.Runs, db2.Succeeded));
        Assert.Equal(TimeSpan.FromMinutes(4), db2.AverageDuration);
        Assert.Null(db2.AverageDowntime);
        Assert.Equal((1200L, 600L), (db2.TotalArchiveBytes, db2.AverageArchiveBytes!.Value));
    }

    [Fact]
    public async Task The_summary_splits_an_instance_by_backup_type()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;
        var at = GeneratedRuns.November1.AddDays(25);
        await store.RunLog.SaveAsync(GeneratedRuns.Run("db1-hot-1", "db1", at, TimeSpan.FromMinutes(2), RunStatus.Succeeded) with { Type = AkkaBackup.Core.Naming.BackupType.Hot, Downtime = TimeSpan.Zero });
        await store.RunLog.SaveAsync(GeneratedRuns.Run("db1-hot-2", "db1", at.AddHours(1), TimeSpan.FromMinutes(4), RunStatus.Failed) with { Type = AkkaBackup.Core.Naming.BackupType.Hot, Downtime = TimeSpan.Zero });

        var summaries = await store.RunLog.SummarizeAsync(GeneratedRuns.November1);

        Assert.Equal([("db1", "cold"), ("db1", "hot"), ("db2", "cold")], summaries.Select(s => (s.Instance, s.Type.Name())));
        var hot = summaries[1];
        Assert.Equal((2, 1), (hot.Runs, hot.Succeeded));
        Assert.Equal(TimeSpan.Zero, hot.AverageDowntime);
        Assert.Equal(20, summaries[0].Runs);
    }

    [Fact]
    public async Task The_summary_only_counts_runs_since_the_date()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;

        var db1 = (await store.RunLog.SummarizeAsync(GeneratedRuns.November1.AddDays(15))).Single(s => s.Instance == "db1");

        // Runs 16..20: 20 failed.
        Assert.Equal((5, 4), (db1.Runs, db1.Succeeded));
        Assert.Equal(TimeSpan.FromMinutes(18), db1.AverageDuration);
        Assert.Equal(TimeSpan.FromMinutes(20), db1.P95Duration);
        Assert.Equal((16 + 17 + 18 + 19) * 1000L, db1.TotalArchiveBytes);
    }

    [Fact]
    public async Task The_summary_with_an_end_counts_only_runs_started_before_it()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;

        // db1 runs 6..10 (10 failed); db2's runs start on day 21 and are left out.
        var summaries = await store.RunLog.SummarizeAsync(GeneratedRuns.November1.AddDays(5), GeneratedRuns.November1.AddDays(10));

        var db1 = Assert.Single(summaries);
        Assert.Equal(("db1", 5, 4), (db1.Instance, db1.Runs, db1.Succeeded));
        Assert.Equal((6 + 7 + 8 + 9) * 1000L, db1.TotalArchiveBytes);
    }

    [Fact]
    public async Task Pruning_deletes_finished_runs_older_than_the_retention_and_keeps_running_ones()
    {
        var (temp, store) = await FilledAsync();
        await using var _ = temp;
        await store.Settings.SetAsync(NodeSettings.LogRetentionDaysKey, "10");

        // Now is November 25, 12:00: the cutoff is November 15, 12:00, after run 15 started.
        var deleted = await store.RunLog.PruneAsync();

        Assert.Equal(15, deleted);
        var left = await store.RunLog.SearchAsync(new RunLogQuery(Limit: 1000));
        Assert.Equal(24 - 15, left.Count);
        Assert.Contains(left, r => r.RunId == "db1-running");
        Assert.DoesNotContain(left, r => r.RunId == "db1-15");
        Assert.Contains(left, r => r.RunId == "db1-16");
    }

    [Fact]
    public async Task An_instance_password_echoed_in_an_error_is_masked_before_it_is_stored()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        const string password = "hunter2-secret";
        await store.Instances.SaveAsync(Support.Samples.Instance(), new Secret(password));
        var run = GeneratedRuns.Run("r1", "db1", GeneratedRuns.November1, TimeSpan.FromMinutes(1), RunStatus.Failed) with
        {
            Error = new RunError($"mysqladmin -pbackup:{password} failed", $"at Login(\"{password}\")", new SystemState("Preflight", 1, 1, true)),
        };

        await store.RunLog.SaveAsync(run);

        var stored = (await store.RunLog.GetAsync("r1"))!.Error!;
        Assert.Equal($"mysqladmin -pbackup:{Secret.Mask} failed", stored.Message);
        Assert.DoesNotContain(password, stored.StackTrace);
        Assert.True(temp.ReadDatabaseFiles().AsSpan().IndexOf(Encoding.UTF8.GetBytes(password)) < 0);
    }
}
