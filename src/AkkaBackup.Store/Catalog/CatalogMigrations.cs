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

        // SQLite cannot change a CHECK constraint in place: the table is built anew with the drill's columns, the
        // rows copied with their ids (so AUTOINCREMENT goes on after them), the old table dropped. It restates version
        // 1's columns on purpose: a migration's text stays as released, never built from code that changes later.
        new(2, "fleet catalog: restore drills (event drill, its status, failed stage and per-table results)", """
            CREATE TABLE catalog_v2 (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                at            INTEGER NOT NULL,
                event         TEXT NOT NULL CHECK (event IN ('filed', 'refused', 'failed', 'expired', 'deleted', 'overdue', 'recovered', 'forgotten', 'drill')),
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
                count         INTEGER NOT NULL DEFAULT 1,
                drill_status  TEXT NULL CHECK (drill_status IS NULL OR drill_status IN ('passed', 'failed', 'refused')),
                drill_stage   TEXT NULL,
                drill_tables  TEXT NULL,
                CHECK ((event = 'drill') = (drill_status IS NOT NULL))
            );
            INSERT INTO catalog_v2 (id, at, event, client, instance, type, stored_name, stored_path, archive_bytes, data_bytes, sha256, transfer_id, duration_ms, rule, reason, peer, count)
                SELECT id, at, event, client, instance, type, stored_name, stored_path, archive_bytes, data_bytes, sha256, transfer_id, duration_ms, rule, reason, peer, count FROM catalog;
            DROP TABLE catalog;
            ALTER TABLE catalog_v2 RENAME TO catalog;
            CREATE INDEX catalog_by_time ON catalog (at);
            CREATE INDEX catalog_by_instance ON catalog (client, instance, at);
            """),

        new(3, "fleet catalog: a filing's downtime and the next scheduled run, as its client reported them (NULL: unknown)", """
            ALTER TABLE catalog ADD COLUMN downtime_ms INTEGER NULL;
            ALTER TABLE catalog ADD COLUMN next_run INTEGER NULL;
            """),
    ];
}
