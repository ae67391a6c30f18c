using Microsoft.Data.Sqlite;

namespace AkkaBackup.Client.Persistence;

/// <summary>
/// Removes the journal of runs that are over from <c>client-journal.db</c>. A run's events (persistence id
/// <c>run-&lt;id&gt;</c>) are what recovery reads while the run is open or parked; once it is closed and the
/// run log holds its outcome nobody reads them again. Akka's <c>DeleteMessages</c> keeps the highest event of
/// every persistence id (so a reused id never restarts at 1), which would still leave a row per run; run ids
/// are never reused, so every row of a closed run goes, straight from the journal's tables.
/// </summary>
public sealed class RunJournal(string file)
{
    private const string RunPrefix = "run-";

    /// <summary>The manifest of <c>RunEvents.RunEnded</c> (<see cref="RunEventSerializer"/>).</summary>
    private const string EndedManifest = "re";

    /// <summary>Deletes every event and snapshot of run <paramref name="runId"/>; returns how many rows went.</summary>
    public async Task<int> ForgetAsync(string runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await ForgetAsync(connection, RunPrefix + runId, ct);
    }

    /// <summary>
    /// At node start: the runs whose end the journal holds that are neither open nor parked (the node stopped
    /// between closing a run and forgetting it) are forgotten. A run that starts meanwhile has journalled no
    /// end, so it is never touched.
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetEndedButAsync(IReadOnlySet<string> keep, CancellationToken ct = default)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        await using var connection = await OpenAsync(ct);
        var forgotten = new List<string>();
        if (!(await TablesAsync(connection, ct)).Contains("event_journal"))
        {
            return forgotten;
        }

        foreach (var persistenceId in await EndedRunIdsAsync(connection, ct))
        {
            var runId = persistenceId[RunPrefix.Length..];
            if (!keep.Contains(runId))
            {
                await ForgetAsync(connection, persistenceId, ct);
                forgotten.Add(runId);
            }
        }

        return forgotten;
    }

    /// <summary>Rows in the event journal, for tests and the bench.</summary>
    public async Task<long> EventRowsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM event_journal;";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static Task<IReadOnlyList<string>> EndedRunIdsAsync(SqliteConnection connection, CancellationToken ct) =>
        StringsAsync(connection, $"SELECT DISTINCT persistence_id FROM event_journal WHERE persistence_id LIKE 'run-%' AND manifest = '{EndedManifest}';", ct);

    /// <summary>The plugin creates each table when it first starts; a journal may not have its snapshot table yet.</summary>
    private static Task<IReadOnlyList<string>> TablesAsync(SqliteConnection connection, CancellationToken ct) =>
        StringsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('event_journal', 'tags', 'snapshot');", ct);

    private static async Task<IReadOnlyList<string>> StringsAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<int> ForgetAsync(SqliteConnection connection, string persistenceId, CancellationToken ct)
    {
        var tables = await TablesAsync(connection, ct);
        await using var transaction = connection.BeginTransaction();
        var rows = 0;
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {table} WHERE persistence_id = $id;";
            command.Parameters.AddWithValue("$id", persistenceId);
            rows += await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return rows;
    }
}
