using AkkaBackup.Store.Schema;
using AkkaBackup.Store.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Tests.Schema;

public sealed class MigrationTests
{
    [Fact]
    public async Task An_empty_file_is_migrated_to_the_current_schema_in_wal_mode()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        Assert.Equal(Migrations.Latest, store.SchemaVersion);
        await using var connection = await temp.OpenRawAsync();
        Assert.Equal(Migrations.All.Select(m => (long)m.Version), await ColumnAsync<long>(connection, "SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        var tables = await ColumnAsync<string>(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;");
        Assert.Superset(
            new HashSet<string> { "instances", "targets", "schedules", "alert_channels", "settings", "run_log", "pending_transfers", "schema_version" },
            tables.ToHashSet());
    }

    [Fact]
    public async Task A_version_1_database_is_migrated_to_current_keeping_its_rows()
    {
        await using var temp = TempStore.Create();
        await using (var connection = await temp.OpenRawAsync())
        {
            Assert.Equal(1, await SchemaMigrator.MigrateAsync(connection, temp.DatabasePath, Migrations.All.Take(1).ToList(), CancellationToken.None));
            await ExecuteAsync(connection, """
                INSERT INTO targets VALUES ('backup01', 'b.example.org', 4053, 'akkabackup', 'backup01', '', '{server}.zip', 'yyyyMMdd', 'UTC', 15000, 1800000);
                INSERT INTO run_log (run_id, instance, started_at, status, phase_durations) VALUES ('r1', 'db1', 1000, 'succeeded', '[]');
                """);
        }

        var store = await temp.OpenStoreAsync();

        Assert.Equal(Migrations.Latest, store.SchemaVersion);
        Assert.Equal("b.example.org", (await store.Targets.GetAsync("backup01"))!.Host);
        Assert.Equal(AkkaBackup.Core.Naming.BackupType.Cold, (await store.RunLog.GetAsync("r1"))!.Type);
        await using var check = await temp.OpenRawAsync();
        var indexes = await ColumnAsync<string>(check, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%';");
        Assert.Contains("run_log_by_instance", indexes);
        Assert.Contains("run_log_by_start", indexes);
    }

    [Fact]
    public async Task A_schema_newer_than_the_binary_is_refused_naming_both_versions()
    {
        await using var temp = TempStore.Create();
        await temp.OpenStoreAsync();
        await using (var connection = await temp.OpenRawAsync())
        {
            await ExecuteAsync(connection, "INSERT INTO schema_version VALUES (42, 'from the future', 0);");
        }

        var error = await Assert.ThrowsAsync<StoreException>(temp.OpenStoreAsync);

        Assert.Contains("schema version 42", error.Message);
        Assert.Contains($"up to {Migrations.Latest}", error.Message);
        Assert.Contains(temp.DatabasePath, error.Message);
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_previous_version_and_none_of_its_changes()
    {
        await using var temp = TempStore.Create();
        await using var connection = await temp.OpenRawAsync();
        var broken = new Migration(2, "half of it works", "CREATE TABLE half_done (x INTEGER); CREATE TABLEX broken (y);");

        await Assert.ThrowsAsync<SqliteException>(() =>
            SchemaMigrator.MigrateAsync(connection, temp.DatabasePath, [Migrations.All[0], broken], CancellationToken.None));

        Assert.Equal(1, await SchemaMigrator.CurrentVersionAsync(connection, null, CancellationToken.None));
        Assert.Empty(await ColumnAsync<string>(connection, "SELECT name FROM sqlite_master WHERE name = 'half_done';"));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<T>> ColumnAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
