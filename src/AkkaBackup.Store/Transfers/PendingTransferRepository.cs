using AkkaBackup.Store.Database;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Transfers;

/// <summary>The pending transfers table: saved when the receiver issues a transfer id, removed once the archive is stored.</summary>
public sealed class PendingTransferRepository
{
    private const string SelectColumns =
        "run_id, instance, transfer_id, receiver, archive_path, sha256, size_bytes, created_at, attempts, last_error";

    private readonly StoreDatabase _database;

    internal PendingTransferRepository(StoreDatabase database) => _database = database;

    public Task<IReadOnlyList<PendingTransfer>> ListAsync(CancellationToken ct = default) =>
        _database.QueryAsync($"SELECT {SelectColumns} FROM pending_transfers ORDER BY created_at, run_id;", Read, ct);

    public Task<PendingTransfer?> GetAsync(string runId, CancellationToken ct = default) =>
        _database.QuerySingleAsync($"SELECT {SelectColumns} FROM pending_transfers WHERE run_id = $id;", Read, ct, ("$id", runId));

    /// <summary>Adds the transfer or replaces it by run id.</summary>
    public Task SaveAsync(PendingTransfer t, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            $"""
            INSERT OR REPLACE INTO pending_transfers ({SelectColumns})
            VALUES ($id, $instance, $transfer, $receiver, $path, $sha, $size, $created, $attempts, $error);
            """,
            ct,
            ("$id", t.RunId),
            ("$instance", t.Instance),
            ("$transfer", t.TransferId),
            ("$receiver", t.Receiver),
            ("$path", t.ArchivePath),
            ("$sha", t.Sha256),
            ("$size", t.SizeBytes),
            ("$created", Columns.Millis(t.CreatedAt)),
            ("$attempts", t.Attempts),
            ("$error", t.LastError));

    /// <summary>Counts one more sending attempt; <paramref name="error"/> is why it failed, or null when it is under way.</summary>
    /// <returns>False when no such transfer is pending.</returns>
    public async Task<bool> RecordAttemptAsync(string runId, string? error, CancellationToken ct = default) =>
        await _database.ExecuteAsync(
            "UPDATE pending_transfers SET attempts = attempts + 1, last_error = $error WHERE run_id = $id;",
            ct,
            ("$id", runId),
            ("$error", error)) > 0;

    /// <returns>False when no such transfer was pending.</returns>
    public async Task<bool> RemoveAsync(string runId, CancellationToken ct = default) =>
        await _database.ExecuteAsync("DELETE FROM pending_transfers WHERE run_id = $id;", ct, ("$id", runId)) > 0;

    private static PendingTransfer Read(SqliteDataReader r) => new(
        r.String("run_id"),
        r.String("instance"),
        r.String("transfer_id"),
        r.String("receiver"),
        r.String("archive_path"),
        r.String("sha256"),
        r.Int64("size_bytes"),
        r.Instant("created_at"),
        r.Int32("attempts"),
        r.StringOrNull("last_error"));
}
