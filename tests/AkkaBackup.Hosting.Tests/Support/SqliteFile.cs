using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Hosting.Tests.Support;

/// <summary>Reads a node's SQLite journal the way an operator would with <c>sqlite3</c>: one value of one query.</summary>
public static class SqliteFile
{
    public static string Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }

    /// <summary>Events in the journal written by the serializer <paramref name="serializerId"/>.</summary>
    public static long EventsBy(string file, int serializerId) =>
        long.Parse(Scalar(file, $"SELECT COUNT(*) FROM event_journal WHERE serializer_id = {serializerId};"), CultureInfo.InvariantCulture);
}
