using AkkaBackup.Store.Database;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Schema;

/// <summary>
/// Brings a database to the newest schema this binary knows. Each migration and its version row commit
/// together, so a failed step leaves the database at the previous version, not half way.
/// </summary>
internal static class SchemaMigrator
{
    public static async Task<int> MigrateAsync(SqliteConnection connection, string databasePath, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await connection.ExecuteAsync(null, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at  INTEGER NOT NULL
            );
            """, ct);

        var known = migrations[^1].Version;
        var current = await CurrentVersionAsync(connection, null, ct);
        if (current > known)
        {
            throw new StoreException(
                $"database {databasePath} has schema version {current}, but this akkabackup ({typeof(SchemaMigrator).Assembly.GetName().Version}) " +
                $"knows schema versions up to {known}: it was written by a newer akkabackup; upgrade akkabackup to open it");
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await using var transaction = connection.BeginTransaction(deferred: false);

            // Another process may have migrated while this one waited for the write lock.
            if (await CurrentVersionAsync(connection, transaction, ct) >= migration.Version)
            {
                continue;
            }

            await connection.ExecuteAsync(transaction, migration.Sql, ct);
            await connection.ExecuteAsync(
                transaction,
                "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $at);",
                ct,
                ("$version", migration.Version),
                ("$description", migration.Description),
                ("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            await transaction.CommitAsync(ct);
        }

        return await CurrentVersionAsync(connection, null, ct);
    }

    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct) =>
        Convert.ToInt32(await connection.ScalarAsync(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", ct));
}
