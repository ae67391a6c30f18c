using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using MySqlConnector;

namespace AkkaBackup.TestSupport;

/// <summary>
/// A private <c>mariadbd</c> in a temporary directory of its own, on a free loopback port, started
/// detached through generated start/stop scripts so that the code under test can stop and start it
/// exactly as it would a real service.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    private static readonly bool RunningAsRoot = Environment.UserName == "root";

    private MariaDbServer(string directory, string dataDirectory, int port, string user, string password)
    {
        Directory = directory;
        DataDirectory = dataDirectory;
        Port = port;
        User = user;
        Password = password;
    }

    public string Directory { get; }

    public string DataDirectory { get; }

    public string DefaultsFile => Path.Combine(Directory, "my.cnf");

    public string SocketPath => Path.Combine(Directory, "mysqld.sock");

    public string PidFile => Path.Combine(Directory, "mysqld.pid");

    public string ErrorLog => Path.Combine(Directory, "error.log");

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    public string StartCommand => $"/bin/sh {Path.Combine(Directory, "start.sh")}";

    public string StopCommand => $"/bin/sh {Path.Combine(Directory, "stop.sh")}";

    public string ConnectionString => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = User,
        Password = Password,
        Pooling = false,
        ConnectionTimeout = 5,
        DefaultCommandTimeout = 300,
    }.ConnectionString;

    public static async Task<MariaDbServer> StartNewAsync(string name = "db", CancellationToken ct = default)
    {
        var directory = NewDirectory(name);
        var data = Path.Combine(directory, "data");
        var server = new MariaDbServer(directory, data, FreePort.Next(), "backup", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        server.WriteFiles();
        var (code, output) = await ShellCommand.RunAsync("mariadb-install-db",
            [$"--defaults-file={server.DefaultsFile}", "--auth-root-authentication-method=socket", "--skip-test-db"], TimeSpan.FromMinutes(2), ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"mariadb-install-db failed ({code}):\n{output}");
        }

        await server.LaunchAsync(ct);
        await server.WaitForSocketAsync(ct);
        await using (var root = new MySqlConnection($"Server={server.SocketPath};Protocol=Unix;User ID=root;Pooling=false"))
        {
            await root.OpenAsync(ct);
            foreach (var host in new[] { "127.0.0.1", "localhost" })
            {
                await Execute(root, $"CREATE USER '{server.User}'@'{host}' IDENTIFIED BY '{server.Password}'", ct);
                await Execute(root, $"GRANT ALL ON *.* TO '{server.User}'@'{host}'", ct);
            }
        }

        await server.WaitUntilAnswersAsync(TimeSpan.FromSeconds(60), ct);
        return server;
    }

    /// <summary>A server on an existing data directory (a restored backup), with the users that directory holds.</summary>
    public static async Task<MariaDbServer> StartOnDataDirectoryAsync(string dataDirectory, string user, string password, CancellationToken ct = default)
    {
        var server = new MariaDbServer(NewDirectory("restored"), Path.GetFullPath(dataDirectory), FreePort.Next(), user, password);
        server.WriteFiles();
        await server.LaunchAsync(ct);
        await server.WaitUntilAnswersAsync(TimeSpan.FromSeconds(60), ct);
        return server;
    }

    public async Task<bool> AnswersAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = new MySqlConnection(ConnectionString);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(3));
            await connection.OpenAsync(deadline.Token);
            await using var command = new MySqlCommand("SELECT 1", connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(deadline.Token)) == 1;
        }
        catch (Exception e) when (e is MySqlException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    public async Task WaitUntilAnswersAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        while (!await AnswersAsync(ct))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"MariaDB on port {Port} did not answer within {timeout.TotalSeconds:0} s. Error log:\n{Tail(ErrorLog)}");
            }

            await Task.Delay(100, ct);
        }
    }

    public bool IsProcessRunning()
    {
        try
        {
            return File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) && System.IO.Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Deterministic sample data: InnoDB tables with a foreign key and a BLOB, an Aria table, a second database.</summary>
    public async Task GenerateSampleDataAsync(int rows, CancellationToken ct = default)
    {
        await using var c = new MySqlConnection(ConnectionString);
        await c.OpenAsync(ct);
        string[] statements =
        [
            "CREATE DATABASE IF NOT EXISTS shop",
            "USE shop",
            "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, email VARCHAR(128), created DATETIME) ENGINE=InnoDB",
            "CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2), note TEXT, FOREIGN KEY (customer_id) REFERENCES shop.customers(id)) ENGINE=InnoDB",
            "CREATE TABLE shop.documents (id INT PRIMARY KEY, body BLOB) ENGINE=InnoDB",
            "CREATE TABLE shop.audit (id INT PRIMARY KEY, what VARCHAR(200)) ENGINE=Aria",
            "CREATE DATABASE IF NOT EXISTS inventory",
            "CREATE TABLE inventory.items (sku VARCHAR(32) PRIMARY KEY, quantity INT, price DECIMAL(10,2)) ENGINE=InnoDB",
            $"INSERT INTO shop.customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.org'), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_{rows}",
            $"INSERT INTO shop.orders SELECT seq, 1 + (seq * 7) % {rows}, (seq * 7919) % 100000 / 100, REPEAT(MD5(seq), 1 + seq % 5) FROM seq_1_to_{rows}",
            $"INSERT INTO shop.documents SELECT seq, UNHEX(REPEAT(SHA2(seq, 256), 1 + seq % 8)) FROM seq_1_to_{rows}",
            $"INSERT INTO shop.audit SELECT seq, CONCAT('event ', MD5(seq)) FROM seq_1_to_{rows}",
            $"INSERT INTO inventory.items SELECT CONCAT('SKU-', seq), seq % 97, (seq % 1000) / 10 FROM seq_1_to_{rows}",
        ];
        foreach (var sql in statements)
        {
            await Execute(c, sql, ct);
        }
    }

    /// <summary>Grows the data to about <paramref name="bytes"/> on disk with rows that compress like real data.</summary>
    public async Task GrowToAsync(long bytes, CancellationToken ct = default)
    {
        await using var c = new MySqlConnection(ConnectionString);
        await c.OpenAsync(ct);
        await Execute(c, "CREATE DATABASE IF NOT EXISTS bulk", ct);
        await Execute(c, "USE bulk", ct);
        await Execute(c, "CREATE TABLE IF NOT EXISTS bulk.events (id BIGINT PRIMARY KEY AUTO_INCREMENT, at DATETIME, payload VARCHAR(600)) ENGINE=InnoDB", ct);
        while (DirectorySize(DataDirectory) < bytes)
        {
            await Execute(c, "INSERT INTO bulk.events (at, payload) SELECT '2026-01-01' + INTERVAL seq SECOND, CONCAT_WS(' ', 'order', seq, MD5(seq), SHA1(seq % 1000), REPEAT(CHAR(65 + seq % 26), 40 + seq % 80), MD5(RAND())) FROM seq_1_to_100000", ct);
        }
    }

    public async Task<IReadOnlyDictionary<string, long?>> ChecksumTablesAsync(CancellationToken ct = default)
    {
        await using var c = new MySqlConnection(ConnectionString);
        await c.OpenAsync(ct);
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

        var result = new SortedDictionary<string, long?>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = new MySqlCommand($"CHECKSUM TABLE {table}", c);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            result[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        return result;
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (!IsProcessRunning())
        {
            return;
        }

        var pid = int.Parse(File.ReadAllText(PidFile).Trim());
        await ShellCommand.RunAsync("kill", ["-TERM", pid.ToString()], TimeSpan.FromSeconds(10), ct);
        var clock = Stopwatch.StartNew();
        while (System.IO.Directory.Exists($"/proc/{pid}"))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                await ShellCommand.RunAsync("kill", ["-KILL", pid.ToString()], TimeSpan.FromSeconds(10), ct);
            }

            await Task.Delay(50, ct);
        }
    }

    public async Task StartAsync(CancellationToken ct = default)
    {
        await LaunchAsync(ct);
        await WaitUntilAnswersAsync(TimeSpan.FromSeconds(60), ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception)
        {
            // Best effort: the directory goes anyway.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WriteFiles()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(DefaultsFile, $"""
            [mariadbd]
            datadir={DataDirectory}
            port={Port}
            bind-address=127.0.0.1
            socket={SocketPath}
            pid-file={PidFile}
            log-error={ErrorLog}
            skip-name-resolve
            innodb_buffer_pool_size=64M
            innodb_log_file_size=48M
            {(RunningAsRoot ? "user=root" : "")}
            """);
        File.WriteAllText(Path.Combine(Directory, "start.sh"),
            $"setsid mariadbd --defaults-file={DefaultsFile} </dev/null >>{Path.Combine(Directory, "mariadbd.out")} 2>&1 &\n");
        File.WriteAllText(Path.Combine(Directory, "stop.sh"), $"kill -TERM \"$(cat {PidFile})\"\n");
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        var (code, output) = await ShellCommand.RunAsync("/bin/sh", [Path.Combine(Directory, "start.sh")], TimeSpan.FromSeconds(30), ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"starting mariadbd failed ({code}): {output}");
        }
    }

    private async Task WaitForSocketAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(SocketPath))
            {
                try
                {
                    using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
                    return;
                }
                catch (SocketException)
                {
                }
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"mariadbd did not open {SocketPath} within 60 s. Error log:\n{Tail(ErrorLog)}");
            }

            await Task.Delay(50, ct);
        }
    }

    private static string NewDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "akkabackup-tests", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)]);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    private static async Task Execute(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(30)) : "(no error log)";
}
