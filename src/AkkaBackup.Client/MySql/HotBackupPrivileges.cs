using MySqlConnector;

namespace AkkaBackup.Client.MySql;

/// <summary>
/// Checks, before a hot backup starts, that its user holds the global privileges mariadb-backup needs, so a
/// missing grant is a pre-flight error that names it, not a failure minutes into the copy.
/// </summary>
public static class HotBackupPrivileges
{
    /// <summary>
    /// MariaDB's documented set for a full backup on 10.5 and later (mariadb-backup overview, "Authentication and
    /// Privileges"). mariadb-backup 10.11 itself refuses to start without RELOAD and PROCESS (BACKUP STAGE, the
    /// processlist), and fails at the end without BINLOG MONITOR when the binary log is on (SHOW MASTER STATUS);
    /// LOCK TABLES is what the documentation adds for the table locks of older servers and of --no-backup-locks.
    /// </summary>
    public static IReadOnlyList<string> Required { get; } = ["RELOAD", "PROCESS", "LOCK TABLES", "BINLOG MONITOR"];

    /// <summary>
    /// The privileges of <see cref="Required"/> this connection's user lacks, in that order (empty: none), read from
    /// <c>SHOW GRANTS FOR CURRENT_USER()</c>. Only grants on <c>*.*</c> count; ALL PRIVILEGES covers all, and SUPER
    /// covers BINLOG MONITOR (it held it before 10.5, and still answers for SHOW MASTER STATUS). Privileges that
    /// come only through a role are not seen: grant them to the backup user itself.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(MySqlConnection connection, CancellationToken token)
    {
        var grants = new List<string>();
        await using (var command = new MySqlCommand("SHOW GRANTS FOR CURRENT_USER()", connection))
        await using (var reader = await command.ExecuteReaderAsync(token))
        {
            while (await reader.ReadAsync(token))
            {
                grants.Add(reader.GetString(0));
            }
        }

        return Missing(grants);
    }

    /// <summary>The required privileges that the given <c>SHOW GRANTS</c> lines do not hold on <c>*.*</c>.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> grantLines)
    {
        var held = new HashSet<string>(grantLines.SelectMany(GlobalPrivileges), StringComparer.OrdinalIgnoreCase);
        if (held.Contains("ALL PRIVILEGES") || held.Contains("ALL"))
        {
            return [];
        }

        if (held.Contains("SUPER"))
        {
            held.Add("BINLOG MONITOR");
        }

        return Required.Where(p => !held.Contains(p)).ToList();
    }

    /// <summary>
    /// "GRANT RELOAD, PROCESS ON *.* TO `u`@`h` ..." gives RELOAD and PROCESS; a grant on anything else, a role
    /// grant ("GRANT `r` TO `u`@`h`") and a proxy grant give nothing here.
    /// </summary>
    private static IEnumerable<string> GlobalPrivileges(string line)
    {
        const string Grant = "GRANT ";
        const string OnAll = " ON *.* TO ";
        if (!line.StartsWith(Grant, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var on = line.IndexOf(OnAll, StringComparison.OrdinalIgnoreCase);
        if (on < 0)
        {
            return [];
        }

        return line[Grant.Length..on].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
