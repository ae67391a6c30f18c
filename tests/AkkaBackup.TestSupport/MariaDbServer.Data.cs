using MySqlConnector;

namespace AkkaBackup.TestSupport;

/// <summary>Test data: generated with MariaDB's sequence engine (seq_1_to_N), so rows are made server-side and are the same on every run.</summary>
public sealed partial class MariaDbServer
{
    private const int GrowBatchRows = 200_000;

    /// <summary>
    /// On a new server: database <c>shop</c> with InnoDB <c>customers</c> and <c>orders</c> (foreign key to
    /// customers), InnoDB <c>documents</c> (BLOB) and Aria <c>audit</c>; database <c>inventory</c> with InnoDB
    /// <c>items</c> and MyISAM <c>suppliers</c>. <paramref name="rows"/> deterministic rows in each table.
    /// </summary>
    public async Task GenerateSampleDataAsync(int rows, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        await using var c = await OpenAsync(ct);
        string[] statements =
        [
            "CREATE DATABASE shop",
            "CREATE DATABASE inventory",

            // The sequence tables are resolved in the current database.
            "USE shop",
            "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, email VARCHAR(128), created DATETIME) ENGINE=InnoDB",
            "CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2), note TEXT, FOREIGN KEY (customer_id) REFERENCES shop.customers (id)) ENGINE=InnoDB",
            "CREATE TABLE shop.documents (id INT PRIMARY KEY, body BLOB) ENGINE=InnoDB",
            "CREATE TABLE shop.audit (id INT PRIMARY KEY, what VARCHAR(200)) ENGINE=Aria",
            "CREATE TABLE inventory.items (sku VARCHAR(32) PRIMARY KEY, quantity INT, price DECIMAL(10,2)) ENGINE=InnoDB",
            "CREATE TABLE inventory.suppliers (id INT PRIMARY KEY, name VARCHAR(64), rating TINYINT) ENGINE=MyISAM",
            $"INSERT INTO shop.customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.org'), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_{rows}",
            $"INSERT INTO shop.orders SELECT seq, 1 + (seq * 7) % {rows}, (seq * 7919) % 100000 / 100, REPEAT(MD5(seq), 1 + seq % 5) FROM seq_1_to_{rows}",
            $"INSERT INTO shop.documents SELECT seq, UNHEX(REPEAT(SHA2(seq, 256), 1 + seq % 8)) FROM seq_1_to_{rows}",
            $"INSERT INTO shop.audit SELECT seq, CONCAT('event ', MD5(seq)) FROM seq_1_to_{rows}",
            $"INSERT INTO inventory.items SELECT CONCAT('SKU-', seq), seq % 97, (seq % 1000) / 10 FROM seq_1_to_{rows}",
            $"INSERT INTO inventory.suppliers SELECT seq, CONCAT('supplier ', SHA1(seq)), seq % 6 FROM seq_1_to_{rows}",
        ];
        foreach (var sql in statements)
        {
            await ExecuteAsync(c, sql, ct);
        }
    }

    /// <summary>
    /// Adds rows to <c>bulk.events</c> (InnoDB) until the data directory holds about <paramref name="bytes"/>.
    /// Rows mix words and numbers, hex and binary hashes, so that, once the server is shut down, the table
    /// file deflates about 2.5 : 1 like real data (measured with .NET's DeflateStream, level Optimal: 2.46).
    /// </summary>
    public async Task GrowToAsync(long bytes, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await ExecuteAsync(c, "CREATE DATABASE IF NOT EXISTS bulk", ct);
        await ExecuteAsync(c, "USE bulk", ct);
        await ExecuteAsync(c, "CREATE TABLE IF NOT EXISTS bulk.events (id BIGINT PRIMARY KEY, at DATETIME, payload VARBINARY(255)) ENGINE=InnoDB", ct);
        while (DirectorySize(DataDirectory) < bytes)
        {
            await using var max = new MySqlCommand("SELECT COALESCE(MAX(id), 0) FROM bulk.events", c);
            var first = Convert.ToInt64(await max.ExecuteScalarAsync(ct));

            // Each row is a function of its id only, so a grown server is the same on every run.
            await ExecuteAsync(c, $"""
                INSERT INTO bulk.events
                SELECT n, '2026-01-01' + INTERVAL n SECOND,
                       CONCAT_WS(' ', 'order', n, 'status', ELT(1 + n % 4, 'new', 'paid', 'shipped', 'returned'), 'customer', n % 5000,
                                 MD5(n), REPEAT(CHAR(65 + n % 26), 20 + n % 40), UNHEX(SHA2(n, 256)))
                FROM (SELECT {first} + seq AS n FROM seq_1_to_{GrowBatchRows}) AS s
                """, ct);
        }
    }

    /// <summary><c>CHECKSUM TABLE</c> of every base table outside the system schemas, keyed "db.table".</summary>
    public async Task<IReadOnlyDictionary<string, long?>> ChecksumTablesAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = new MySqlCommand(
            "SELECT CONCAT('`', table_schema, '`.`', table_name, '`') FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1", c))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var checksums = new SortedDictionary<string, long?>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = new MySqlCommand($"CHECKSUM TABLE {table}", c);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            checksums[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        return checksums;
    }

    private async Task<MySqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
