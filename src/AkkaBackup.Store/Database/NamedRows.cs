using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Database;

/// <summary>A table whose rows an operator addresses by a unique <c>name</c>: list, get, replace and remove.</summary>
internal sealed class NamedRows<T>(StoreDatabase database, string table, string selectColumns, Func<SqliteDataReader, T> read)
    where T : class
{
    public Task<IReadOnlyList<T>> ListAsync(CancellationToken ct) =>
        database.QueryAsync($"SELECT {selectColumns} FROM {table} ORDER BY name;", read, ct);

    public Task<T?> GetAsync(string name, CancellationToken ct) =>
        database.QuerySingleAsync($"SELECT {selectColumns} FROM {table} WHERE name = $name;", read, ct, ("$name", name));

    public async Task<bool> RemoveAsync(string name, CancellationToken ct) =>
        await database.ExecuteAsync($"DELETE FROM {table} WHERE name = $name;", ct, ("$name", name)) > 0;

    public async Task<bool> RemoveAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken ct) =>
        await connection.ExecuteAsync(transaction, $"DELETE FROM {table} WHERE name = $name;", ct, ("$name", name)) > 0;

    /// <summary>Inserts the row, or replaces the one with the same name.</summary>
    public Task<int> ReplaceAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct, params (string Column, object? Value)[] values) =>
        connection.ExecuteAsync(
            transaction,
            $"INSERT OR REPLACE INTO {table} ({string.Join(", ", values.Select(v => v.Column))}) VALUES ({string.Join(", ", values.Select(v => "$" + v.Column))});",
            ct,
            values.Select(v => ("$" + v.Column, v.Value)).ToArray());

    public async Task<int> ReplaceAsync(CancellationToken ct, params (string Column, object? Value)[] values)
    {
        await using var connection = await database.OpenAsync(ct);
        return await ReplaceAsync(connection, null, ct, values);
    }
}
