using AkkaBackup.Store.Database;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Targets;

/// <summary>The targets table. Every save is checked (values, then the real receiver) before anything is written.</summary>
public sealed class TargetRepository
{
    private const string SelectColumns =
        "name, host, port, system_name, expected_name, remote_folder, naming_pattern, date_format, time_zone, request_timeout_ms, verify_timeout_ms";

    private readonly StoreDatabase _database;
    private readonly NamedRows<BackupTarget> _rows;
    private readonly ITargetProbe _probe;

    internal TargetRepository(StoreDatabase database, ITargetProbe probe)
    {
        _database = database;
        _rows = new NamedRows<BackupTarget>(database, "targets", SelectColumns, Read);
        _probe = probe;
    }

    public Task<IReadOnlyList<BackupTarget>> ListAsync(CancellationToken ct = default) => _rows.ListAsync(ct);

    public Task<BackupTarget?> GetAsync(string name, CancellationToken ct = default) => _rows.GetAsync(name, ct);

    /// <summary>Adds or replaces a target after its checks pass.</summary>
    /// <exception cref="ValidationException">A value is wrong or the receiver refused; nothing was saved.</exception>
    public async Task SaveAsync(BackupTarget target, CancellationToken ct = default)
    {
        ValidationException.ThrowIfAny(Subject(target.Name), await ValidateAsync(target, probe: true, ct));
        await _database.WriteAsync((c, t) => WriteAsync(c, t, target, ct), ct);
    }

    /// <summary>Checks a stored target against the real receiver again, as a save would; nothing is written.</summary>
    /// <returns>The failures; null when no such target is configured.</returns>
    public async Task<IReadOnlyList<ValidationFailure>?> TestAsync(string name, CancellationToken ct = default) =>
        await GetAsync(name, ct) is { } target ? await ValidateAsync(target, probe: true, ct) : null;

    /// <returns>False when no such target was configured.</returns>
    /// <exception cref="ValidationException">Instances still send their backups to it; nothing was removed.</exception>
    public Task<bool> RemoveAsync(string name, CancellationToken ct = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            await References.RefuseIfUsedAsync(
                c, t, "SELECT name FROM instances WHERE target = $name ORDER BY name;", name, Subject(name),
                users => $"target '{name}' is used by instance(s) {users}: give them another target first (config instance set NAME --target OTHER)", ct);
            return await _rows.RemoveAsync(c, t, name, ct);
        }, ct);

    internal static string Subject(string name) => $"target '{name}'";

    /// <summary>The pure checks, then the probe; for callers that validate several changes before one write.</summary>
    internal async Task<IReadOnlyList<ValidationFailure>> ValidateAsync(BackupTarget target, bool probe, CancellationToken ct)
    {
        var failures = TargetRules.Check(target);
        return failures.Count > 0 || !probe ? failures : await _probe.ProbeAsync(target, ct);
    }

    internal Task<int> WriteAsync(SqliteConnection connection, SqliteTransaction transaction, BackupTarget t, CancellationToken ct) =>
        _rows.ReplaceAsync(
            connection,
            transaction,
            ct,
            ("name", t.Name),
            ("host", t.Host),
            ("port", t.Port),
            ("system_name", t.SystemName),
            ("expected_name", t.ExpectedName),
            ("remote_folder", t.RemoteFolder),
            ("naming_pattern", t.NamingPattern),
            ("date_format", t.DateFormat),
            ("time_zone", t.TimeZone),
            ("request_timeout_ms", Columns.Millis(t.RequestTimeout)),
            ("verify_timeout_ms", Columns.Millis(t.VerifyTimeout)));

    private static BackupTarget Read(SqliteDataReader r) => new(
        r.String("name"),
        r.String("host"),
        r.Int32("port"),
        r.String("system_name"),
        r.String("expected_name"),
        r.String("remote_folder"),
        r.String("naming_pattern"),
        r.String("date_format"),
        r.String("time_zone"),
        r.Duration("request_timeout_ms"),
        r.Duration("verify_timeout_ms"));
}
