using AkkaBackup.Store.Instances;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Schema;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Tests.RunLog;

/// <summary>Issue 15 in the store: runs that did not happen, the newest success per instance, and each instance's overdue-after.</summary>
public sealed class RefusedRunsAndOverdueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private static RunRecord Run(string id, RunStatus status, DateTimeOffset started, TimeSpan took, string instance = "db1") =>
        new(id, instance, started, started + took, status, [], status == RunStatus.Succeeded ? TimeSpan.FromSeconds(10) : null, null, null, null, null,
            status is RunStatus.Refused or RunStatus.Skipped ? new RunError("receiver does not answer", null, new SystemState("", null, null, null)) : null);

    [Fact]
    public async Task Refused_and_skipped_runs_are_kept_found_by_status_and_count_against_the_success_rate_but_not_the_durations()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.RunLog.SaveAsync(Run("ok", RunStatus.Succeeded, T0, TimeSpan.FromMinutes(2)));
        await store.RunLog.SaveAsync(Run("refused", RunStatus.Refused, T0.AddDays(1), TimeSpan.Zero));
        await store.RunLog.SaveAsync(Run("skipped", RunStatus.Skipped, T0.AddDays(2), TimeSpan.Zero));

        var refused = Assert.Single(await store.RunLog.SearchAsync(new RunLogQuery(Status: RunStatus.Refused)));
        Assert.Equal(("refused", "receiver does not answer"), (refused.RunId, refused.Error?.Message));
        Assert.Equal("skipped", Assert.Single(await store.RunLog.SearchAsync(new RunLogQuery(Status: RunStatus.Skipped))).RunId);
        var summary = Assert.Single(await store.RunLog.SummarizeAsync(T0.AddDays(-1)));
        Assert.Equal((3, 1), (summary.Runs, summary.Succeeded));
        Assert.Equal(TimeSpan.FromMinutes(2), summary.AverageDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), summary.AverageDowntime);
    }

    [Fact]
    public async Task The_newest_success_of_each_instance_is_when_its_run_ended()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.RunLog.SaveAsync(Run("old", RunStatus.Succeeded, T0, TimeSpan.FromMinutes(2)));
        await store.RunLog.SaveAsync(Run("new", RunStatus.Succeeded, T0.AddDays(1), TimeSpan.FromMinutes(3)));
        await store.RunLog.SaveAsync(Run("failed", RunStatus.Failed, T0.AddDays(2), TimeSpan.FromMinutes(1)));
        await store.RunLog.SaveAsync(Run("other", RunStatus.Failed, T0, TimeSpan.FromMinutes(1), instance: "db2"));

        var last = await store.RunLog.LastSuccessesAsync();

        Assert.Equal(T0.AddDays(1).AddMinutes(3), Assert.Single(last, kv => kv.Key == "db1").Value);
        Assert.False(last.ContainsKey("db2"));
    }

    [Fact]
    public async Task An_instances_overdue_after_is_stored_cleared_and_refused_below_one_second()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        await store.Instances.SaveAsync(Samples.Instance() with { OverdueAfter = TimeSpan.FromHours(26) }, new Secret("pw"));
        Assert.Equal(TimeSpan.FromHours(26), (await store.Instances.GetAsync(Samples.Instance().Name))!.OverdueAfter);
        await store.Instances.SaveAsync(Samples.Instance() with { OverdueAfter = null }, null);
        Assert.Null((await store.Instances.GetAsync(Samples.Instance().Name))!.OverdueAfter);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => store.Instances.SaveAsync(Samples.Instance() with { OverdueAfter = TimeSpan.FromMilliseconds(500) }, null));
        Assert.Contains("overdue-after = 00:00:00.5000000 must be at least 1 s", refused.Message);
    }

    [Fact]
    public async Task The_rebuilt_run_log_keeps_the_LSNs_of_hot_runs_saved_at_version_5()
    {
        await using var temp = TempStore.Create();
        await using (var connection = await temp.OpenRawAsync())
        {
            Assert.Equal(5, await SchemaMigrator.MigrateAsync(connection, temp.DatabasePath, Migrations.All.Take(5).ToList(), CancellationToken.None));
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO run_log (run_id, instance, started_at, status, phase_durations, type, from_lsn, to_lsn) VALUES ('r1', 'db1', 1000, 'succeeded', '[]', 'hot', '44404', '4444883');";
            await insert.ExecuteNonQueryAsync();
        }

        var store = await temp.OpenStoreAsync();

        var kept = (await store.RunLog.GetAsync("r1"))!;
        Assert.Equal(("44404", "4444883"), (kept.FromLsn, kept.ToLsn));
    }

    [Fact]
    public async Task A_version_4_run_log_is_rebuilt_keeping_its_rows_and_indexes_and_takes_the_new_statuses()
    {
        await using var temp = TempStore.Create();
        await using (var connection = await temp.OpenRawAsync())
        {
            Assert.Equal(4, await SchemaMigrator.MigrateAsync(connection, temp.DatabasePath, Migrations.All.Take(4).ToList(), CancellationToken.None));
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO run_log (run_id, instance, started_at, status, phase_durations, type) VALUES ('r1', 'db1', 1000, 'failed', '[]', 'hot');";
            await insert.ExecuteNonQueryAsync();
        }

        var store = await temp.OpenStoreAsync();
        await store.RunLog.SaveAsync(Run("r2", RunStatus.Skipped, T0, TimeSpan.Zero));

        Assert.Equal(Migrations.Latest, store.SchemaVersion);
        var kept = (await store.RunLog.GetAsync("r1"))!;
        Assert.Equal((RunStatus.Failed, AkkaBackup.Core.Naming.BackupType.Hot), (kept.Status, kept.Type));
        Assert.Equal(RunStatus.Skipped, (await store.RunLog.GetAsync("r2"))!.Status);
        await using var check = await temp.OpenRawAsync();
        await using var indexes = check.CreateCommand();
        indexes.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('run_log_by_instance', 'run_log_by_start');";
        Assert.Equal(2L, (long)(await indexes.ExecuteScalarAsync())!);
        await using var bad = check.CreateCommand();
        bad.CommandText = "INSERT INTO run_log (run_id, instance, started_at, status, phase_durations) VALUES ('r3', 'db1', 1000, 'lost', '[]');";
        await Assert.ThrowsAsync<SqliteException>(() => bad.ExecuteNonQueryAsync());
    }
}
