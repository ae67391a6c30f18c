using AkkaBackup.Core.Processes;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// Runs one of the volume managers' programs (lvs, lvcreate, lvremove, zfs, mount, umount) with a timeout, its
/// standard output kept apart from its standard error (lvs warns on standard error, and its output is parsed).
/// </summary>
internal static class VolumeCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The program's standard output, or an exception naming the command, its exit code and standard error.</summary>
    /// <exception cref="IOException">The program exited with another code than 0, could not be started, or timed out.</exception>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken token)
    {
        var result = await TryRunAsync(program, arguments, token);
        return result.ExitCode == 0 ? result.Output : throw new IOException($"{result.Command} exited with code {result.ExitCode}: {result.Error}");
    }

    /// <summary>Like <see cref="RunAsync"/>, but a program that exits with another code than 0 is an answer, not a failure.</summary>
    /// <exception cref="IOException">The program could not be started or timed out.</exception>
    public static async Task<Outcome> TryRunAsync(string program, IReadOnlyList<string> arguments, CancellationToken token)
    {
        var command = new ProcessCommand(program, arguments) { Timeout = Timeout, Output = OutputLimit.First(64 * 1024) };
        var errors = new List<string>();
        try
        {
            var result = await ProcessRunner.RunStreamingAsync(command, new ProcessStreams(ErrorLine: line => { lock (errors) { errors.Add(line); } }), token);
            string error;
            lock (errors)
            {
                error = string.Join('\n', errors).Trim();
            }

            return new Outcome(command.ToString(), result.ExitCode, result.Output, error.Length > 0 ? error : "(no output)");
        }
        catch (Exception e) when (e is ProcessStartException or ProcessTimeoutException)
        {
            throw new IOException($"{command}: {e.Message}", e);
        }
    }

    /// <summary>How a program ended: <paramref name="Error"/> is its standard error, or "(no output)".</summary>
    public sealed record Outcome(string Command, int ExitCode, string Output, string Error);
}
