using MySqlConnector;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// Checks every table of the drill's server: <c>CHECK TABLE</c> on all of them, <c>CHECKSUM TABLE … EXTENDED</c>
/// (every row read) on those outside the system schemas. One table's error is recorded and the next is checked;
/// a server that stops answering ends the checks (<see cref="DrillServerException"/>).
/// </summary>
public static class TableChecker
{
    /// <summary>Schemas of the server itself: checked, not checksummed (their rows are the server's, not the data's).</summary>
    public static readonly IReadOnlySet<string> SystemSchemas = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "mysql", "sys" };

    // CHECK TABLE's verdicts that mean the table is sound, and the note of an engine that cannot check at all.
    private static readonly string[] Sound = ["OK", "Table is already up to date"];

    public static async Task<IReadOnlyList<TableCheck>> CheckAsync(DrillServer server, Action<TableCheck> checkedOne, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(server.ConnectionString);
        await connection.OpenAsync(ct);
        var results = new List<TableCheck>();
        foreach (var (schema, name, engine) in await TablesAsync(connection, ct))
        {
            var system = SystemSchemas.Contains(schema);
            var quoted = $"{Quote(schema)}.{Quote(name)}";
            var (passed, check) = await RunCheckAsync(connection, server, quoted, ct);
            long? checksum = null;
            string? checksumError = null;
            if (!system)
            {
                (checksum, checksumError) = await RunChecksumAsync(connection, server, quoted, ct);
            }

            var table = new TableCheck(schema, name, engine, system, passed, check, checksum, checksumError);
            results.Add(table);
            checkedOne(table);
        }

        return results;
    }

    private static async Task<List<(string Schema, string Name, string Engine)>> TablesAsync(MySqlConnection connection, CancellationToken ct)
    {
        var tables = new List<(string, string, string)>();
        await using var list = new MySqlCommand(
            "SELECT table_schema, table_name, COALESCE(engine, '') FROM information_schema.tables " +
            "WHERE table_type IN ('BASE TABLE', 'SYSTEM VERSIONED') AND table_schema NOT IN ('information_schema', 'performance_schema') " +
            "ORDER BY table_schema, table_name", connection);
        await using var reader = await list.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return tables;
    }

    /// <summary>Sound when no row is an error and the last status is OK (or the engine says it cannot check).</summary>
    private static async Task<(bool Passed, string Message)> RunCheckAsync(MySqlConnection connection, DrillServer server, string table, CancellationToken ct)
    {
        try
        {
            var rows = new List<(string Type, string Text)>();
            await using var command = new MySqlCommand($"CHECK TABLE {table}", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(2), reader.GetString(3)));
            }

            var errors = rows.Where(r => r.Type.Equals("error", StringComparison.OrdinalIgnoreCase)).Select(r => r.Text).ToList();
            var status = rows.LastOrDefault(r => r.Type.Equals("status", StringComparison.OrdinalIgnoreCase)).Text;
            var cannotCheck = rows.Any(r => r.Text.Contains("doesn't support check", StringComparison.OrdinalIgnoreCase));
            if (errors.Count == 0 && (Sound.Contains(status, StringComparer.OrdinalIgnoreCase) || (status is null && cannotCheck)))
            {
                return (true, status ?? "engine cannot check");
            }

            return (false, errors.Count > 0 ? string.Join("; ", errors.Distinct()) : status ?? "CHECK TABLE gave no status");
        }
        catch (MySqlException e) when (!server.HasExited && connection.State == System.Data.ConnectionState.Open)
        {
            return (false, e.Message);
        }
        catch (MySqlException e)
        {
            throw Died(server, $"CHECK TABLE {table}", e);
        }
    }

    private static async Task<(long? Checksum, string? Error)> RunChecksumAsync(MySqlConnection connection, DrillServer server, string table, CancellationToken ct)
    {
        try
        {
            await using var command = new MySqlCommand($"CHECKSUM TABLE {table} EXTENDED", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) && !reader.IsDBNull(1)
                ? (reader.GetInt64(1), null)
                : (null, "CHECKSUM TABLE gave no checksum (the table cannot be read)");
        }
        catch (MySqlException e) when (!server.HasExited && connection.State == System.Data.ConnectionState.Open)
        {
            return (null, e.Message);
        }
        catch (MySqlException e)
        {
            throw Died(server, $"CHECKSUM TABLE {table}", e);
        }
    }

    private static DrillServerException Died(DrillServer server, string statement, MySqlException e) =>
        new($"the private server stopped answering during {statement} ({e.Message}): the table's files crash it. {server.ErrorLogTail()}");

    private static string Quote(string name) => $"`{name.Replace("`", "``", StringComparison.Ordinal)}`";
}
