using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Store.Database;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Catalog;

/// <summary>
/// The receiver's fleet catalog, its own SQLite file: every filing, refusal, failure, expiry and retention deletion
/// (<see cref="CatalogEntry"/>), and per client/instance ever stored the time of its last filing and its overdue
/// episode (<see cref="WatchedInstance"/>). Safe to use from several threads and processes at once (WAL).
/// </summary>
public sealed class FleetCatalog
{
    private const string SelectColumns =
        "id, at, event, client, instance, type, stored_name, stored_path, archive_bytes, data_bytes, sha256, transfer_id, duration_ms, rule, reason, peer, count, drill_status, drill_stage, drill_tables, downtime_ms, next_run";

    private readonly StoreDatabase _database;

    private FleetCatalog(string path, int schemaVersion, StoreDatabase database)
    {
        DatabasePath = path;
        SchemaVersion = schemaVersion;
        _database = database;
    }

    public string DatabasePath { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens (creating if needed) the catalog and migrates it to the newest schema.</summary>
    /// <exception cref="StoreException">The file's schema is newer than this binary knows.</exception>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database.</exception>
    public static async Task<FleetCatalog> OpenAsync(string path, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var database = new StoreDatabase(full);
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(null, "PRAGMA journal_mode = WAL;", ct);
        var version = await Schema.SchemaMigrator.MigrateAsync(connection, full, CatalogMigrations.All, ct);
        return new FleetCatalog(full, version, database);
    }

    /// <summary>Writes the entries in one transaction; a filing also moves its instance's last filing forward (and watches it again if it was forgotten).</summary>
    public Task AppendAsync(IReadOnlyList<CatalogEntry> entries, CancellationToken ct = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            foreach (var e in entries)
            {
                await c.ExecuteAsync(t, $"INSERT INTO catalog ({SelectColumns[4..]}) VALUES ($at, $event, $client, $instance, $type, $name, $path, $archive, $data, $sha, $transfer, $duration, $rule, $reason, $peer, $count, $drill, $stage, $tables, $downtime, $next);", ct,
                    ("$at", Columns.Millis(e.At)),
                    ("$event", EnumText.ToText(e.Event)),
                    ("$client", e.Client),
                    ("$instance", e.Instance),
                    ("$type", e.Type?.Name()),
                    ("$name", e.StoredName),
                    ("$path", e.StoredPath),
                    ("$archive", e.ArchiveBytes),
                    ("$data", e.DataBytes),
                    ("$sha", e.Sha256),
                    ("$transfer", e.TransferId),
                    ("$duration", Columns.Millis(e.Duration)),
                    ("$rule", e.Rule is { } rule ? EnumText.ToText(rule) : null),
                    ("$reason", e.Reason),
                    ("$peer", e.Peer),
                    ("$count", Math.Max(e.Count, 1)),
                    ("$drill", e.Drill is { } drill ? EnumText.ToText(drill.Status) : null),
                    ("$stage", e.Drill?.FailedStage),
                    ("$tables", e.Drill is { } checkedTables ? DrillTablesColumn.Write(checkedTables.Tables) : null),
                    ("$downtime", Columns.Millis(e.Downtime)),
                    ("$next", Columns.Millis(e.NextRun)));
                if (e is { Event: CatalogEvent.Filed, Client: { } client, Instance: { } instance })
                {
                    await c.ExecuteAsync(t, """
                        INSERT INTO watched_instances (client, instance, last_filed) VALUES ($client, $instance, $at)
                        ON CONFLICT (client, instance) DO UPDATE SET last_filed = MAX(last_filed, excluded.last_filed);
                        """, ct, ("$client", client), ("$instance", instance), ("$at", Columns.Millis(e.At)));
                }
            }

            return entries.Count;
        }, ct);

    public Task<IReadOnlyList<CatalogEntry>> SearchAsync(CatalogQuery query, CancellationToken ct = default)
    {
        var where = new Conditions()
            .When(query.Client, "client = $client", "$client")
            .When(query.Instance, "instance = $instance", "$instance")
            .When(query.Event is { } kind ? EnumText.ToText(kind) : null, "event = $event", "$event")
            .When(Columns.Millis(query.From), "at >= $from", "$from")
            .When(Columns.Millis(query.To), "at < $to", "$to")
            .Containing(query.Text, "reason", "stored_name", "stored_path", "sha256", "transfer_id", "peer");
        return _database.QueryAsync(
            $"SELECT {SelectColumns} FROM catalog WHERE {where.Sql} ORDER BY at DESC, id DESC LIMIT $limit OFFSET $offset;", Read, ct,
            where.Parameters(("$limit", Math.Max(query.Limit, 1)), ("$offset", Math.Max(query.Offset, 0))));
    }

    /// <summary>Per client/instance over [<paramref name="from"/>, <paramref name="to"/>); see <see cref="FleetSummary"/>.</summary>
    public async Task<IReadOnlyList<FleetSummary>> SummarizeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT {SelectColumns} FROM catalog WHERE at >= $from AND at < $to AND client IS NOT NULL AND instance IS NOT NULL " +
            "AND event IN ('filed', 'refused', 'failed', 'expired') ORDER BY at, id;",
            Read, ct, ("$from", Columns.Millis(from)), ("$to", Columns.Millis(to)));
        var last = await _database.QueryAsync(
            "SELECT client, instance, MAX(at) AS at, type, next_run FROM catalog WHERE event = 'filed' AND at < $to AND client IS NOT NULL AND instance IS NOT NULL GROUP BY client, instance;",
            r => (Key: new InstanceKey(r.String("client"), r.String("instance")), At: r.Instant("at"), Type: r.StringOrNull("type"), NextRun: r.InstantOrNull("next_run")), ct, ("$to", Columns.Millis(to)));
        var drills = await _database.QueryAsync(
            """
            SELECT client, instance, at, drill_status FROM (
                SELECT client, instance, at, drill_status, ROW_NUMBER() OVER (PARTITION BY client, instance ORDER BY at DESC, id DESC) AS n
                FROM catalog WHERE event = 'drill' AND at < $to AND client IS NOT NULL AND instance IS NOT NULL)
            WHERE n = 1;
            """,
            r => new LastDrill(new InstanceKey(r.String("client"), r.String("instance")), r.Instant("at"), r.Enum<CatalogDrillStatus>("drill_status")), ct, ("$to", Columns.Millis(to)));
        var watched = await WatchedAsync(ct);
        return FleetSummaries.Compute(
            rows, last.ToDictionary(l => l.Key, l => new LastFiling(l.At, TypeOf(l.Type), l.NextRun)), watched.Where(w => w.LastFiled < to).ToList(), drills.ToDictionary(d => d.Key));
    }

    /// <summary>Every client/instance watched by the dead man's switch, by client and instance.</summary>
    public Task<IReadOnlyList<WatchedInstance>> WatchedAsync(CancellationToken ct = default) =>
        _database.QueryAsync(
            "SELECT client, instance, last_filed, overdue_for, overdue_since FROM watched_instances ORDER BY client, instance;",
            r => new WatchedInstance(r.String("client"), r.String("instance"), r.Instant("last_filed"), r.InstantOrNull("overdue_for"), r.InstantOrNull("overdue_since")),
            ct);

    /// <summary>The times of the newest <paramref name="perInstance"/> filings of every client/instance, oldest first.</summary>
    public async Task<IReadOnlyDictionary<InstanceKey, IReadOnlyList<DateTimeOffset>>> RecentFilingsAsync(int perInstance, CancellationToken ct = default)
    {
        var rows = await _database.QueryAsync(
            """
            SELECT client, instance, at FROM (
                SELECT client, instance, at, ROW_NUMBER() OVER (PARTITION BY client, instance ORDER BY at DESC) AS n
                FROM catalog WHERE event = 'filed' AND client IS NOT NULL AND instance IS NOT NULL)
            WHERE n <= $count ORDER BY client, instance, at;
            """,
            r => (Key: new InstanceKey(r.String("client"), r.String("instance")), At: r.Instant("at")), ct, ("$count", Math.Max(perInstance, 1)));
        return rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<DateTimeOffset>)g.Select(r => r.At).ToList());
    }

    /// <summary>Records that the overdue alert for the episode ending at filing <paramref name="overdueFor"/> was raised at <paramref name="since"/>.</summary>
    public Task MarkOverdueAsync(InstanceKey instance, DateTimeOffset overdueFor, DateTimeOffset since, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            "UPDATE watched_instances SET overdue_for = $for, overdue_since = $since WHERE client = $client AND instance = $instance;", ct,
            ("$for", Columns.Millis(overdueFor)), ("$since", Columns.Millis(since)), ("$client", instance.Client), ("$instance", instance.Instance));

    public Task ClearOverdueAsync(InstanceKey instance, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            "UPDATE watched_instances SET overdue_for = NULL, overdue_since = NULL WHERE client = $client AND instance = $instance;", ct,
            ("$client", instance.Client), ("$instance", instance.Instance));

    /// <summary>Stops watching the instance until it files again; its rows stay. False when it was not watched.</summary>
    public async Task<bool> ForgetAsync(InstanceKey instance, DateTimeOffset at, CancellationToken ct = default) =>
        await _database.WriteAsync(async (c, t) =>
        {
            var removed = await c.ExecuteAsync(t, "DELETE FROM watched_instances WHERE client = $client AND instance = $instance;", ct,
                ("$client", instance.Client), ("$instance", instance.Instance));
            if (removed > 0)
            {
                await c.ExecuteAsync(t, "INSERT INTO catalog (at, event, client, instance, reason) VALUES ($at, 'forgotten', $client, $instance, $reason);", ct,
                    ("$at", Columns.Millis(at)), ("$client", instance.Client), ("$instance", instance.Instance), ("$reason", "no longer watched for overdue backups (catalog forget)"));
            }

            return removed > 0;
        }, ct);

    /// <summary>Deletes rows older than <paramref name="cutoff"/>; the watched instances stay. Returns how many rows went.</summary>
    public Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        _database.ExecuteAsync("DELETE FROM catalog WHERE at < $cutoff;", ct, ("$cutoff", Columns.Millis(cutoff)));

    private static BackupType? TypeOf(string? text) => text is null ? null : BackupTypes.Parse(text, "catalog.type");

    private static CatalogEntry Read(SqliteDataReader r) => new(r.Instant("at"), r.Enum<CatalogEvent>("event"))
    {
        Id = r.Int64("id"),
        Client = r.StringOrNull("client"),
        Instance = r.StringOrNull("instance"),
        Type = TypeOf(r.StringOrNull("type")),
        StoredName = r.StringOrNull("stored_name"),
        StoredPath = r.StringOrNull("stored_path"),
        ArchiveBytes = r.Int64OrNull("archive_bytes"),
        DataBytes = r.Int64OrNull("data_bytes"),
        Sha256 = r.StringOrNull("sha256"),
        TransferId = r.StringOrNull("transfer_id"),
        Duration = r.DurationOrNull("duration_ms"),
        Rule = r.StringOrNull("rule") is { } rule ? EnumText.Parse<RetentionRule>(rule) : null,
        Reason = r.StringOrNull("reason"),
        Peer = r.StringOrNull("peer"),
        Count = r.Int32("count"),
        Downtime = r.DurationOrNull("downtime_ms"),
        NextRun = r.InstantOrNull("next_run"),
        Drill = r.StringOrNull("drill_status") is { } drill
            ? new CatalogDrill(EnumText.Parse<CatalogDrillStatus>(drill), r.StringOrNull("drill_stage"), DrillTablesColumn.Read(r.StringOrNull("drill_tables") ?? "[]"))
            : null,
    };
}
