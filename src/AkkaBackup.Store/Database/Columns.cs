using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Database;

/// <summary>
/// How values are stored: instants as Unix milliseconds (UTC, sortable, range-queryable), durations as
/// milliseconds, enums as kebab-case text so the file stays readable with the sqlite3 shell.
/// </summary>
internal static class Columns
{
    public static long Millis(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? Millis(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static long Millis(TimeSpan duration) => (long)duration.TotalMilliseconds;

    public static long? Millis(TimeSpan? duration) => duration is { } d ? Millis(d) : null;

    public static string String(this SqliteDataReader r, string column) => r.GetString(r.GetOrdinal(column));

    public static string? StringOrNull(this SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));

    public static int Int32(this SqliteDataReader r, string column) => r.GetInt32(r.GetOrdinal(column));

    public static long Int64(this SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column));

    public static long? Int64OrNull(this SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetInt64(r.GetOrdinal(column));

    public static bool Boolean(this SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column)) != 0;

    public static bool? BooleanOrNull(this SqliteDataReader r, string column) => r.Int64OrNull(column) is { } v ? v != 0 : null;

    public static byte[] Bytes(this SqliteDataReader r, string column) => (byte[])r.GetValue(r.GetOrdinal(column));

    public static DateTimeOffset Instant(this SqliteDataReader r, string column) =>
        DateTimeOffset.FromUnixTimeMilliseconds(r.Int64(column));

    public static DateTimeOffset? InstantOrNull(this SqliteDataReader r, string column) =>
        r.Int64OrNull(column) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static TimeSpan Duration(this SqliteDataReader r, string column) => TimeSpan.FromMilliseconds(r.Int64(column));

    public static TimeSpan? DurationOrNull(this SqliteDataReader r, string column) =>
        r.Int64OrNull(column) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public static TEnum Enum<TEnum>(this SqliteDataReader r, string column)
        where TEnum : struct, System.Enum =>
        EnumText.Parse<TEnum>(r.String(column));
}
