namespace AkkaBackup.Store.Schema;

/// <summary>
/// Every schema version this binary knows, oldest first. Never edit a released migration: add a new one,
/// because databases in the field have already run the old text.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "configuration, run log and pending transfers", """
            CREATE TABLE store_meta (
                key   TEXT PRIMARY KEY,
                value BLOB NOT NULL
            );

            CREATE TABLE instances (
                name             TEXT PRIMARY KEY,
                server           TEXT NOT NULL,
                host             TEXT NOT NULL,
                port             INTEGER NOT NULL,
                user             TEXT NOT NULL,
                password         BLOB NOT NULL,
                service_kind     TEXT NOT NULL CHECK (service_kind IN ('systemd', 'windows', 'command')),
                service_name     TEXT NOT NULL,
                stop_command     TEXT NOT NULL,
                start_command    TEXT NOT NULL,
                data_directory   TEXT NOT NULL,
                stop_timeout_ms  INTEGER NOT NULL,
                start_timeout_ms INTEGER NOT NULL,
                probe_timeout_ms INTEGER NOT NULL
            );

            CREATE TABLE targets (
                name               TEXT PRIMARY KEY,
                host               TEXT NOT NULL,
                port               INTEGER NOT NULL,
                system_name        TEXT NOT NULL,
                expected_name      TEXT NOT NULL,
                remote_folder      TEXT NOT NULL,
                naming_pattern     TEXT NOT NULL,
                date_format        TEXT NOT NULL,
                time_zone          TEXT NOT NULL,
                request_timeout_ms INTEGER NOT NULL,
                verify_timeout_ms  INTEGER NOT NULL
            );

            CREATE TABLE schedules (
                name          TEXT PRIMARY KEY,
                instance      TEXT NOT NULL REFERENCES instances (name),
                cron          TEXT NOT NULL,
                time_zone     TEXT NOT NULL,
                misfire       TEXT NOT NULL CHECK (misfire IN ('run-once', 'skip')),
                enabled       INTEGER NOT NULL,
                last_fired    INTEGER NULL,
                settled_until INTEGER NOT NULL
            );

            CREATE TABLE alert_channels (
                name         TEXT PRIMARY KEY,
                type         TEXT NOT NULL,
                settings     BLOB NOT NULL,
                min_severity TEXT NOT NULL
            );

            CREATE TABLE settings (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );

            CREATE TABLE run_log (
                run_id                 TEXT PRIMARY KEY,
                instance               TEXT NOT NULL,
                started_at             INTEGER NOT NULL,
                ended_at               INTEGER NULL,
                status                 TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
                phase_durations        TEXT NOT NULL,
                downtime_ms            INTEGER NULL,
                data_bytes             INTEGER NULL,
                archive_bytes          INTEGER NULL,
                sha256                 TEXT NULL,
                stored_name            TEXT NULL,
                error_message          TEXT NULL,
                error_stack_trace      TEXT NULL,
                error_phase            TEXT NULL,
                error_free_disk_bytes  INTEGER NULL,
                error_memory_bytes     INTEGER NULL,
                error_server_reachable INTEGER NULL
            );

            CREATE TABLE pending_transfers (
                run_id       TEXT PRIMARY KEY,
                instance     TEXT NOT NULL,
                transfer_id  TEXT NOT NULL,
                receiver     TEXT NOT NULL,
                archive_path TEXT NOT NULL,
                sha256       TEXT NOT NULL,
                size_bytes   INTEGER NOT NULL,
                created_at   INTEGER NOT NULL,
                attempts     INTEGER NOT NULL,
                last_error   TEXT NULL
            );
            """),

        // The console filters the run log by instance and date and the pruner deletes by date; without these
        // both scan the whole table, which grows by a row per run for the retention period.
        new(2, "indexes for run log queries and schedule lookups", """
            CREATE INDEX run_log_by_instance ON run_log (instance, started_at);
            CREATE INDEX run_log_by_start ON run_log (started_at);
            CREATE INDEX schedules_by_instance ON schedules (instance);
            """),

        // Which target an instance's runs go to; '' = the node's only target.
        new(3, "the target of each instance", """
            ALTER TABLE instances ADD COLUMN target TEXT NOT NULL DEFAULT '';
            CREATE INDEX instances_by_target ON instances (target);
            """),

        // How an instance's runs take their copy (cold, snapshot, hot), and where a snapshot's clone goes.
        new(4, "the backup type of each instance", """
            ALTER TABLE instances ADD COLUMN type TEXT NOT NULL DEFAULT 'cold' CHECK (type IN ('cold', 'snapshot', 'hot'));
            ALTER TABLE instances ADD COLUMN clone_directory TEXT NOT NULL DEFAULT '';
            ALTER TABLE run_log ADD COLUMN type TEXT NOT NULL DEFAULT 'cold' CHECK (type IN ('cold', 'snapshot', 'hot'));
            """),

        // A hot run's redo log range as mariadb-backup reported it: which point in time the backup restores to.
        new(5, "the LSNs of hot runs", """
            ALTER TABLE run_log ADD COLUMN from_lsn TEXT NULL;
            ALTER TABLE run_log ADD COLUMN to_lsn TEXT NULL;
            """),

        // Issue 15 (client): an instance may say how long it may go without a successful backup (NULL = derived
        // from its schedules), and the run log keeps runs that were refused or skipped (a scheduled run that did
        // not happen leaves a row). SQLite cannot change a CHECK, so run_log is rebuilt with the new statuses.
        new(6, "overdue-after of each instance; refused and skipped runs in the run log", """
            ALTER TABLE instances ADD COLUMN overdue_after_ms INTEGER NULL CHECK (overdue_after_ms IS NULL OR overdue_after_ms > 0);

            CREATE TABLE run_log_new (
                run_id                 TEXT PRIMARY KEY,
                instance               TEXT NOT NULL,
                started_at             INTEGER NOT NULL,
                ended_at               INTEGER NULL,
                status                 TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'refused', 'skipped')),
                phase_durations        TEXT NOT NULL,
                downtime_ms            INTEGER NULL,
                data_bytes             INTEGER NULL,
                archive_bytes          INTEGER NULL,
                sha256                 TEXT NULL,
                stored_name            TEXT NULL,
                error_message          TEXT NULL,
                error_stack_trace      TEXT NULL,
                error_phase            TEXT NULL,
                error_free_disk_bytes  INTEGER NULL,
                error_memory_bytes     INTEGER NULL,
                error_server_reachable INTEGER NULL,
                type                   TEXT NOT NULL DEFAULT 'cold' CHECK (type IN ('cold', 'snapshot', 'hot')),
                from_lsn               TEXT NULL,
                to_lsn                 TEXT NULL
            );
            INSERT INTO run_log_new SELECT run_id, instance, started_at, ended_at, status, phase_durations, downtime_ms, data_bytes, archive_bytes, sha256,
                stored_name, error_message, error_stack_trace, error_phase, error_free_disk_bytes, error_memory_bytes, error_server_reachable, type, from_lsn, to_lsn FROM run_log;
            DROP TABLE run_log;
            ALTER TABLE run_log_new RENAME TO run_log;
            CREATE INDEX run_log_by_instance ON run_log (instance, started_at);
            CREATE INDEX run_log_by_start ON run_log (started_at);
            """),
    ];

    public static int Latest => All[^1].Version;
}
