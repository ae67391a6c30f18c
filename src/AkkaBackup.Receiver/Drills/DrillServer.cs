using System.Diagnostics;
using AkkaBackup.Core.Processes;
using MySqlConnector;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// The private server of a drill: <c>mariadbd</c> on the restored data directory with none of the machine's option
/// files, no TCP (<c>--skip-networking</c>), its socket, pid file, temporary directory and error log in the
/// scratch directory, without grant tables (the backed-up server's passwords are not known here; the 0700 scratch
/// directory keeps others off the socket), without replication or events starting (a restored replica must not
/// connect to its primary, an event must not change what is checked).
/// </summary>
public sealed class DrillServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);

    private readonly DrillScratch _scratch;
    private readonly CancellationTokenSource _kill;
    private readonly Task<ProcessResult> _process;

    private DrillServer(DrillScratch scratch, CancellationTokenSource kill, Task<ProcessResult> process)
    {
        _scratch = scratch;
        _kill = kill;
        _process = process;
    }

    /// <summary>Over the socket, as root: with grant tables skipped no password is asked.</summary>
    public string ConnectionString => new MySqlConnectionStringBuilder
    {
        Server = _scratch.SocketPath,
        ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
        UserID = "root",
        Pooling = false,
        ConnectionTimeout = 5,
        DefaultCommandTimeout = 0,
    }.ConnectionString;

    public string Version { get; private set; } = "";

    /// <summary>Starts the server and waits until it answers <c>SELECT VERSION()</c> on its socket.</summary>
    /// <exception cref="DrillServerException">It exited, or did not answer within <paramref name="startTimeout"/>; the error log's tail says why.</exception>
    public static async Task<DrillServer> StartAsync(string binary, DrillScratch scratch, TimeSpan startTimeout, CancellationToken ct)
    {
        List<string> arguments =
        [
            "--no-defaults",
            $"--datadir={scratch.DataDirectory}",
            $"--socket={scratch.SocketPath}",
            $"--pid-file={scratch.PidFile}",
            $"--tmpdir={scratch.TemporaryDirectory}",
            $"--log-error={scratch.ErrorLog}",
            "--skip-networking",
            "--skip-grant-tables",
            "--skip-slave-start",
            "--event-scheduler=OFF",
            "--skip-log-bin",
        ];
        if (Environment.UserName == "root")
        {
            arguments.Add("--user=root");
        }

        // Cancelling kill's token kills the server (ProcessRunner kills the process tree).
        var kill = new CancellationTokenSource();
        var server = new DrillServer(scratch, kill, ProcessRunner.RunAsync(new ProcessCommand(binary, arguments) { Output = OutputLimit.Last(8 * 1024) }, kill.Token));
        try
        {
            await server.WaitUntilAnswersAsync(binary, startTimeout, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A clean <c>SHUTDOWN</c>, then waits for the process; killed when it does not go within two minutes.</summary>
    /// <exception cref="DrillServerException">It did not stop by itself.</exception>
    public async Task StopAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new MySqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await using var shutdown = new MySqlCommand("SHUTDOWN", connection);
            await shutdown.ExecuteNonQueryAsync(ct);
        }
        catch (MySqlException)
        {
            // Already going (or gone): waiting for the process tells.
        }

        if (await Task.WhenAny(_process, Task.Delay(StopTimeout, ct)) != _process)
        {
            throw new DrillServerException($"the private server did not stop within {StopTimeout.TotalMinutes:0} min of SHUTDOWN; it was killed. {ErrorLogTail()}");
        }
    }

    /// <summary>Whether the process is gone (it crashed, or was stopped).</summary>
    public bool HasExited => _process.IsCompleted;

    /// <summary>The last lines of the server's error log, for messages.</summary>
    public string ErrorLogTail()
    {
        try
        {
            var lines = File.Exists(_scratch.ErrorLog) ? File.ReadLines(_scratch.ErrorLog).TakeLast(15).ToList() : [];
            return lines.Count == 0 ? "(its error log is empty)" : "End of its error log:\n" + string.Join('\n', lines);
        }
        catch (IOException e)
        {
            return $"(its error log cannot be read: {e.Message})";
        }
    }

    /// <summary>Kills the server when it still runs (a failed or cancelled drill) and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.IsCompleted)
        {
            await _kill.CancelAsync();
        }

        try
        {
            await _process;
        }
        catch (Exception e) when (e is OperationCanceledException or ProcessStartException)
        {
            // Killed on purpose, or never started: either way it is gone.
        }

        _kill.Dispose();
    }

    private async Task WaitUntilAnswersAsync(string binary, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.IsCompleted)
            {
                var exit = _process.IsCompletedSuccessfully ? $"exited with code {_process.Result.ExitCode}" : $"could not be started ({_process.Exception?.InnerException?.Message})";
                throw new DrillServerException($"{binary} {exit} before it answered on {_scratch.SocketPath}. {ErrorLogTail()}");
            }

            if (await VersionAsync(ct) is { } version)
            {
                Version = version;
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new DrillServerException($"{binary} did not answer on {_scratch.SocketPath} within {timeout}. {ErrorLogTail()}");
            }

            await Task.Delay(200, ct);
        }
    }

    private async Task<string?> VersionAsync(CancellationToken ct)
    {
        if (!File.Exists(_scratch.SocketPath))
        {
            return null;
        }

        try
        {
            await using var connection = new MySqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new MySqlCommand("SELECT VERSION()", connection);
            return Convert.ToString(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (MySqlException)
        {
            return null;
        }
    }
}
