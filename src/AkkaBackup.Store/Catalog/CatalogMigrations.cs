using AkkaBackup.Store.Schema;

namespace AkkaBackup.Store.Catalog;

/// <summary>
/// The schema of the receiver's fleet catalog, a file of its own (not a client's node store), versioned like it.
/// Never edit a released migration: add a new one.
/// </summary>
internal static class CatalogMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "fleet catalog: filings, refusals, expiries, deletions, the watched instances", """
            CREATE TABLE catalog (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                at            INTEGER NOT NULL,
                event         TEXT NOT NULL CHECK (event IN ('filed', 'refused', 'failed', 'expired', 'deleted', 'overdue', 'recovered', 'forgotten')),
                client        TEXT NULL,
                instance      TEXT NULL,
                type          TEXT NULL CHECK (type IS NULL OR type IN ('cold', 'snapshot', 'hot')),
                stored_name   TEXT NULL,
                stored_path   TEXT NULL,
                archive_bytes INTEGER NULL,
                data_bytes    INTEGER NULL,
                sha256        TEXT NULL,
                transfer_id   TEXT NULL,
                duration_ms   INTEGER NULL,
                rule          TEXT NULL,
                reason        TEXT NULL,
                peer          TEXT NULL,
                count         INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX catalog_by_time ON catalog (at);
            CREATE INDEX catalog_by_instance ON catalog (client, instance, at);

            -- Kept apart from the rows, so that pruning old rows never makes the receiver forget an instance.
            CREATE TABLE watched_instances (
                client        TEXT NOT NULL,
                instance      TEXT NOT NULL,
                last_filed    INTEGER NOT NULL,
                overdue_for   INTEGER NULL,
                overdue_since INTEGER NULL,
                PRIMARY KEY (client, instance)
            );
            """),
    ];
}
