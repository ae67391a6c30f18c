using AkkaBackup.Store.Database;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Transfers;

/// <summary>The pending transfers table: a row per run whose sealed Data.zip has a resume token and is not stored yet; removed once the archive is stored, discarded or gone.</summary>
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

    /// <summary>
    /// Saves a run's resume token and archive: adds the transfer, or on a row of the same run (a resumed
    /// run, or a fresh transfer id after the receiver forgot the old one) updates the token, receiver and
    /// archive but keeps when it was created, its attempts and its last error — they belong to the run, not the token.
    /// </summary>
    public Task SaveAsync(PendingTransfer t, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            $"""
            INSERT INTO pending_transfers ({SelectColumns})
            VALUES ($id, $instance, $transfer, $receiver, $path, $sha, $size, $created, $attempts, $error)
            ON CONFLICT (run_id) DO UPDATE SET
                transfer_id = excluded.transfer_id,
                receiver = excluded.receiver,
                archive_path = excluded.archive_path,
                sha256 = excluded.sha256,
                size_bytes = excluded.size_bytes;
            """,
            ct,
            Parameters(t));

    /// <summary>Counts one more failed sending attempt; <paramref name="error"/> is why it failed.</summary>
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

    private static (string Name, object? Value)[] Parameters(PendingTransfer t) =>
    [
        ("$id", t.RunId),
        ("$instance", t.Instance),
        ("$transfer", t.TransferId),
        ("$receiver", t.Receiver),
        ("$path", t.ArchivePath),
        ("$sha", t.Sha256),
        ("$size", t.SizeBytes),
        ("$created", Columns.Millis(t.CreatedAt)),
        ("$attempts", t.Attempts),
        ("$error", t.LastError),
    ];

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
