using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.Database;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Schedules;

/// <summary>
/// The schedules table. Saving a schedule settles its past (settled-until becomes now), so editing or
/// enabling one never fires for times before the edit; the scheduler records what it fired or skipped.
/// </summary>
public sealed class ScheduleRepository
{
    private const string SelectColumns = "name, instance, cron, time_zone, misfire, enabled, last_fired, settled_until";

    private readonly StoreDatabase _database;
    private readonly NamedRows<ScheduleEntry> _rows;
    private readonly TimeProvider _time;

    internal ScheduleRepository(StoreDatabase database, TimeProvider time)
    {
        _database = database;
        _rows = new NamedRows<ScheduleEntry>(database, "schedules", SelectColumns, Read);
        _time = time;
    }

    public Task<IReadOnlyList<ScheduleEntry>> ListAsync(CancellationToken ct = default) => _rows.ListAsync(ct);

    public Task<ScheduleEntry?> GetAsync(string name, CancellationToken ct = default) => _rows.GetAsync(name, ct);

    /// <summary>Adds or replaces a schedule after its checks pass.</summary>
    /// <exception cref="ValidationException">A value is wrong or the instance is not configured; nothing was saved.</exception>
    public async Task SaveAsync(BackupSchedule schedule, CancellationToken ct = default)
    {
        var subject = $"schedule '{schedule.Name}'";
        ValidationException.ThrowIfAny(subject, ScheduleRules.Check(schedule));
        var now = Columns.Millis(_time.GetUtcNow());
        await _database.WriteAsync(async (c, t) =>
        {
            var instances = await c.ScalarAsync(t, "SELECT COUNT(*) FROM instances WHERE name = $name;", ct, ("$name", schedule.Instance));
            if (Convert.ToInt64(instances) == 0)
            {
                throw new ValidationException(subject, [new ValidationFailure("instance", $"instance = '{schedule.Instance}' is not a configured instance")]);
            }

            return await c.ExecuteAsync(
                t,
                $"""
                INSERT INTO schedules ({SelectColumns})
                VALUES ($name, $instance, $cron, $zone, $misfire, $enabled, NULL, $now)
                ON CONFLICT (name) DO UPDATE SET
                    instance = excluded.instance, cron = excluded.cron, time_zone = excluded.time_zone,
                    misfire = excluded.misfire, enabled = excluded.enabled,
                    settled_until = MAX(settled_until, excluded.settled_until);
                """,
                ct,
                ("$name", schedule.Name),
                ("$instance", schedule.Instance),
                ("$cron", schedule.Cron.Trim()),
                ("$zone", schedule.TimeZone),
                ("$misfire", EnumText.ToText(schedule.Misfire)),
                ("$enabled", schedule.Enabled),
                ("$now", now));
        }, ct);
    }

    /// <summary>A run was started from the schedule at <paramref name="at"/>: every firing up to then is settled.</summary>
    public Task RecordFiredAsync(string name, DateTimeOffset at, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            "UPDATE schedules SET last_fired = $at, settled_until = MAX(settled_until, $at) WHERE name = $name;",
            ct,
            ("$name", name),
            ("$at", Columns.Millis(at)));

    /// <summary>Missed firings up to <paramref name="at"/> were dropped by the skip policy.</summary>
    public Task RecordSkippedAsync(string name, DateTimeOffset at, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            "UPDATE schedules SET settled_until = MAX(settled_until, $at) WHERE name = $name;",
            ct,
            ("$name", name),
            ("$at", Columns.Millis(at)));

    /// <returns>False when no such schedule was configured.</returns>
    public Task<bool> RemoveAsync(string name, CancellationToken ct = default) => _rows.RemoveAsync(name, ct);

    private static ScheduleEntry Read(SqliteDataReader r) => new(
        new BackupSchedule(
            r.String("name"),
            r.String("instance"),
            r.String("cron"),
            r.String("time_zone"),
            r.Enum<MisfirePolicy>("misfire"),
            r.Boolean("enabled")),
        r.InstantOrNull("last_fired"),
        r.Instant("settled_until"));
}
