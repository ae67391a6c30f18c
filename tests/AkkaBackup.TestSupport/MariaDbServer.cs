using System.Diagnostics;
using System.Security.Cryptography;
using AkkaBackup.Core.Processes;
using MySqlConnector;

namespace AkkaBackup.TestSupport;

/// <summary>
/// A private <c>mariadbd</c> in a temporary directory of its own, on a free loopback port. It runs detached
/// (its own session, not a child we wait on) and is started and stopped through generated shell scripts,
/// so the code under test can stop and start it exactly as it would a real service.
/// </summary>
public sealed partial class MariaDbServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DisposeKillAfter = TimeSpan.FromSeconds(30);

    // mariadbd refuses to run as root unless its configuration says user=root; as anyone else it must not.
    private static readonly bool RunningAsRoot = Environment.UserName == "root";

    private readonly IReadOnlyList<string> _settings;

    private MariaDbServer(string directory, string dataDirectory, string user, string password, IReadOnlyList<string>? settings = null)
    {
        _settings = settings ?? [];
        Directory = directory;
        DataDirectory = dataDirectory;
        Port = FreePort.Next();
        User = user;
        Password = password;
    }

    /// <summary>The temporary root: configuration, scripts, socket, pid file, logs (and the data of a new server).</summary>
    public string Directory { get; }

    public string DataDirectory { get; }

    public string DefaultsFile => Path.Combine(Directory, "my.cnf");

    public string SocketPath => Path.Combine(Directory, "mariadbd.sock");

    public string PidFile => Path.Combine(Directory, "mariadbd.pid");

    public string ErrorLog => Path.Combine(Directory, "error.log");

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    public string StartCommand => $"/bin/sh {ShellQuote(StartScript)}";

    public string StopCommand => $"/bin/sh {ShellQuote(StopScript)}";

    public string ConnectionString => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = User,
        Password = Password,
        Pooling = false,
        ConnectionTimeout = 5,
        DefaultCommandTimeout = 600,
    }.ConnectionString;

    private string StartScript => Path.Combine(Directory, "start.sh");

    private string StopScript => Path.Combine(Directory, "stop.sh");

    /// <summary>
    /// Installs and starts a new server with a user <c>backup</c> (random password, all privileges) that
    /// connects over TCP from 127.0.0.1 or localhost. <paramref name="settings"/> are added to the [mariadbd]
    /// group as they are, e.g. <c>log-bin</c>: a server with a binary log. <paramref name="baseDirectory"/> (default: the
    /// shared temporary folder) is where the server's own directory is made, e.g. a test's mounted file system: the data
    /// directory is then <c>&lt;baseDirectory&gt;/&lt;name&gt;-…/data</c>, its parent on the same mount.
    /// </summary>
    public static async Task<MariaDbServer> StartNewAsync(
        string name = "db", CancellationToken ct = default, IReadOnlyList<string>? settings = null, string? baseDirectory = null)
    {
        var directory = NewDirectory(name, baseDirectory);
        var server = new MariaDbServer(directory, Path.Combine(directory, "data"), "backup", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), settings);
        try
        {
            server.WriteConfiguration();

            // As root, root logs in through the Unix socket by OS identity; as another OS user that is
            // impossible, so root gets the classic empty password instead (this server is private anyway).
            var rootAuthentication = RunningAsRoot ? "socket" : "normal";
            await server.InstallOrCopyAsync(rootAuthentication, ct);

            await server.LaunchAsync(ct);
            var root = new MySqlConnectionStringBuilder { Server = server.SocketPath, ConnectionProtocol = MySqlConnectionProtocol.UnixSocket, UserID = "root", Pooling = false }.ConnectionString;
            await server.WaitUntilConnectsAsync(root, StartTimeout, ct);
            await server.CreateUserAsync(root, ct);
            await server.WaitUntilAnswersAsync(StartTimeout, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a server on an existing data directory, e.g. one restored from a backup, with a configuration
    /// directory, port, socket and pid file of its own. The users are those stored in that data directory,
    /// so the caller passes the original server's credentials. Disposing does not delete the data directory.
    /// </summary>
    public static async Task<MariaDbServer> StartOnDataDirectoryAsync(string dataDirectory, string user, string password, CancellationToken ct = default)
    {
        var server = new MariaDbServer(NewDirectory("restored"), Path.GetFullPath(dataDirectory), user, password);
        try
        {
            server.WriteConfiguration();
            await server.StartAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether <c>SELECT 1</c> over TCP succeeds within about 2 s.</summary>
    public Task<bool> AnswersAsync(CancellationToken ct = default) => ConnectsAsync(ConnectionString, ct);

    public Task WaitUntilAnswersAsync(TimeSpan timeout, CancellationToken ct = default) => WaitUntilConnectsAsync(ConnectionString, timeout, ct);

    /// <summary>The server process's id from its pid file; null while it is not running.</summary>
    public int? Pid => ProcessStatus.ReadPidFile(PidFile);

    /// <summary>The server's process id, from its pid file.</summary>
    public int ProcessId => Pid ?? throw new InvalidOperationException($"no pid in {PidFile}");

    /// <summary>Whether the pid file exists and names a live process.</summary>
    public bool IsProcessRunning() => ProcessStatus.ReadPidFile(PidFile) is { } pid && ProcessStatus.IsAlive(pid);

    /// <summary>Asks the server to shut down (SIGTERM, a clean shutdown) and waits until its process is gone.</summary>
    public Task StopAsync(CancellationToken ct = default) => StopProcessAsync(StopTimeout, killAfterTimeout: false, ct);

    /// <summary>Starts the server through <see cref="StartCommand"/> and waits until it answers.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await LaunchAsync(ct);
        await WaitUntilAnswersAsync(StartTimeout, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync(DisposeKillAfter, killAfterTimeout: true, CancellationToken.None);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless and must not hide the test's own outcome.
        }
    }

    private static string NewDirectory(string name, string? baseDirectory = null)
    {
        var directory = Path.Combine(baseDirectory ?? Path.Combine(Path.GetTempPath(), "akkabackup-tests"), $"{name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Temporary tables go to a directory of this server's own, not the shared /tmp: a bootstrap server
    /// whose temporary files vanished from /tmp under a loaded test run failed mariadb-install-db twice.
    /// </summary>
    private void WriteConfiguration()
    {
        var temporary = Path.Combine(Directory, "tmp");
        System.IO.Directory.CreateDirectory(temporary);
        File.WriteAllLines(DefaultsFile,
        [
            "[mariadbd]",
            $"datadir={DataDirectory}",
            $"tmpdir={temporary}",
            $"port={Port}",
            "bind-address=127.0.0.1",
            $"socket={SocketPath}",
            $"pid-file={PidFile}",
            $"log-error={ErrorLog}",
            "skip-name-resolve",
            "innodb_buffer_pool_size=64M",
            "innodb_log_file_size=48M",
            .. RunningAsRoot ? ["user=root"] : Array.Empty<string>(),
            .. _settings,
        ]);

        // setsid: the server gets a session of its own, so it outlives the shell and whoever ran the script.
        File.WriteAllText(StartScript,
            $"setsid {ShellQuote(Programs.Find("mariadbd"))} --defaults-file={ShellQuote(DefaultsFile)} </dev/null >>{ShellQuote(Path.Combine(Directory, "mariadbd.out"))} 2>&1 &\n");
        File.WriteAllText(StopScript, $"kill -TERM \"$(cat {ShellQuote(PidFile)})\"\n");
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand("/bin/sh", [StartScript]) { Timeout = TimeSpan.FromSeconds(30) }, ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"{StartCommand} failed with exit code {code}: {output}");
        }
    }

    private async Task CreateUserAsync(string rootConnectionString, CancellationToken ct)
    {
        await using var root = new MySqlConnection(rootConnectionString);
        await root.OpenAsync(ct);
        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            await ExecuteAsync(root, $"CREATE USER '{User}'@'{host}' IDENTIFIED BY '{Password}'", ct);
            await ExecuteAsync(root, $"GRANT ALL ON *.* TO '{User}'@'{host}' WITH GRANT OPTION", ct);
        }
    }

    private static async Task<bool> ConnectsAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(2));
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync(deadline.Token);
            await using var command = new MySqlCommand("SELECT 1", connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(deadline.Token)) == 1;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Refused, reset, timed out or still starting: all mean "does not answer".
            return false;
        }
    }

    private async Task WaitUntilConnectsAsync(string connectionString, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await ConnectsAsync(connectionString, ct))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"MariaDB in {Directory} (port {Port}) did not answer within {timeout.TotalSeconds:0} s. End of {ErrorLog}:\n{ErrorLogTail()}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>SIGTERM, then waits for the process to be gone; after the timeout either SIGKILL or give up.</summary>
    private async Task StopProcessAsync(TimeSpan timeout, bool killAfterTimeout, CancellationToken ct)
    {
        if (ProcessStatus.ReadPidFile(PidFile) is not { } pid || !ProcessStatus.IsAlive(pid))
        {
            return;
        }

        await SignalAsync("TERM", pid, ct);
        if (await WaitForExitAsync(pid, timeout, ct))
        {
            return;
        }

        if (killAfterTimeout)
        {
            await SignalAsync("KILL", pid, ct);
            if (await WaitForExitAsync(pid, TimeSpan.FromSeconds(10), ct))
            {
                return;
            }
        }

        throw new TimeoutException($"mariadbd (pid {pid}) in {Directory} did not exit within {timeout.TotalSeconds:0} s. End of {ErrorLog}:\n{ErrorLogTail()}");
    }

    private static async Task SignalAsync(string signal, int pid, CancellationToken ct) =>
        await ProcessRunner.RunAsync(new ProcessCommand("kill", [$"-{signal}", pid.ToString()]) { Timeout = TimeSpan.FromSeconds(10) }, ct);

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (ProcessStatus.IsAlive(pid))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// mariadb-install-db's bootstrap server now and then fails on a loaded machine (two test assemblies
    /// install at once); a second attempt on a clean directory is what a person would do.
    /// </summary>
    private async Task InstallAsync(string rootAuthentication, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (code, output) = await ProcessRunner.RunAsync(
                new ProcessCommand(
                    Programs.Find("mariadb-install-db"),
                    [$"--defaults-file={DefaultsFile}", $"--auth-root-authentication-method={rootAuthentication}", "--skip-test-db"])
                {
                    Timeout = TimeSpan.FromMinutes(2),
                },
                ct);
            if (code == 0)
            {
                return;
            }

            if (attempt == 2)
            {
                throw new InvalidOperationException($"mariadb-install-db failed twice, last with exit code {code}:\n{output}\nerror log:\n{ErrorLogTail()}");
            }

            System.IO.Directory.Delete(DataDirectory, recursive: true);
            System.IO.Directory.CreateDirectory(DataDirectory);
        }
    }

    private string ErrorLogTail() =>
        File.Exists(ErrorLog) ? string.Join('\n', File.ReadLines(ErrorLog).TakeLast(30)) : "(no error log)";

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
