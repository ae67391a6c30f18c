using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Database;

/// <summary>
/// Opens connections to the node's SQLite file. A connection per operation keeps callers on different
/// threads (actors) independent; the provider pools them. Writes run in <c>BEGIN IMMEDIATE</c> transactions
/// so two writers queue on the busy timeout instead of failing on a lock upgrade.
/// </summary>
internal sealed class StoreDatabase(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Path { get; } = path;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QueryAsync(null, sql, map, ct, parameters);
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
        where T : class =>
        (await QueryAsync(sql, map, ct, parameters)).SingleOrDefault();

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        await WriteAsync((connection, transaction) => connection.ExecuteAsync(transaction, sql, ct, parameters), ct);

    /// <summary>Runs <paramref name="write"/> in one immediate transaction: all of it is saved, or nothing.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }
}
