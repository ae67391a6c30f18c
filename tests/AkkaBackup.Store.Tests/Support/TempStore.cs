using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Tests.Support;

/// <summary>A real store file in a fresh temp folder, removed afterwards.</summary>
public sealed class TempStore : IAsyncDisposable
{
    private TempStore(string folder)
    {
        Folder = folder;
        DatabasePath = Path.Combine(folder, "node.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public ConfiguredProbe Probe { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public static TempStore Create() => new(Directory.CreateTempSubdirectory("akkabackup-store").FullName);

    public static async Task<(TempStore Temp, NodeStore Store)> OpenAsync()
    {
        var temp = Create();
        return (temp, await temp.OpenStoreAsync());
    }

    public Task<NodeStore> OpenStoreAsync() => NodeStore.OpenAsync(DatabasePath, Probe, Probe, Time);

    /// <summary>Counts rows with a connection of its own, to see what was really written.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Every byte the database has on disk: the main file and the WAL.</summary>
    public byte[] ReadDatabaseFiles() =>
        Directory.GetFiles(Folder, "node.db*")
            .Where(f => !f.EndsWith(".key", StringComparison.Ordinal))
            .SelectMany(File.ReadAllBytes)
            .ToArray();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
