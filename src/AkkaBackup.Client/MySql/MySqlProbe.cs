using AkkaBackup.Client.Configuration;
using MySqlConnector;

namespace AkkaBackup.Client.MySql;

/// <summary>Talks to the server with a real MySqlConnector connection: pre-flight facts and the readiness probe.</summary>
public static class MySqlProbe
{
    public static string ConnectionString(InstanceSettings instance, TimeSpan timeout) => new MySqlConnectionStringBuilder
    {
        Server = instance.Host,
        Port = (uint)instance.Port,
        UserID = instance.User,
        Password = instance.Password,
        Pooling = false,
        ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds)),
        DefaultCommandTimeout = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds)),
        SslMode = MySqlSslMode.Preferred,
    }.ConnectionString;

    /// <summary>Logs in and reads the facts pre-flight checks against; throws naming what failed.</summary>
    public static async Task<ServerFacts> InspectAsync(InstanceSettings instance, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(ConnectionString(instance, instance.ProbeTimeout));
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (MySqlException e)
        {
            throw new PreflightException($"cannot log in to {instance.Host}:{instance.Port} as '{instance.User}': {e.Message}", e);
        }

        await using var command = new MySqlCommand("SELECT VERSION(), @@datadir, @@pid_file, @@port, @@socket", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var version = reader.GetString(0);
        var dataDirectory = reader.GetString(1);
        var pidFile = reader.IsDBNull(2) ? "" : reader.GetString(2);
        var port = reader.GetInt32(3);
        var socket = reader.IsDBNull(4) ? "" : reader.GetString(4);

        // A relative pid_file is relative to the data directory (MySQL and MariaDB both do this).
        if (pidFile.Length > 0 && !Path.IsPathRooted(pidFile))
        {
            pidFile = Path.Combine(dataDirectory, pidFile);
        }

        return new ServerFacts(version, Path.TrimEndingDirectorySeparator(dataDirectory), pidFile, ReadPid(pidFile), port, socket);
    }

    /// <summary>The readiness probe: a fresh connection that runs <c>SELECT 1</c>.</summary>
    public static async Task<bool> AnswersAsync(InstanceSettings instance, CancellationToken ct)
    {
        try
        {
            await using var connection = new MySqlConnection(ConnectionString(instance, instance.ProbeTimeout));
            await connection.OpenAsync(ct);
            await using var command = new MySqlCommand("SELECT 1", connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct)) == 1;
        }
        catch (MySqlException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int? ReadPid(string pidFile)
    {
        try
        {
            return pidFile.Length > 0 && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
