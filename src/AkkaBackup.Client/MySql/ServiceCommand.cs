using AkkaBackup.Core.Processes;

namespace AkkaBackup.Client.MySql;

/// <summary>
/// Runs a service command (systemctl, sc.exe, a configured command line) within its timeout. Every failure
/// is a <see cref="ServiceControlException"/> that names the command, and a non-zero exit quotes its output.
/// </summary>
public static class ServiceCommand
{
    private const int OutputCharacters = 16 * 1024;

    /// <param name="what">What the messages start with: <c>stop command</c>, <c>systemctl stop mariadb</c>.</param>
    public static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string what, TimeSpan timeout, CancellationToken ct)
    {
        var command = new ProcessCommand(fileName, arguments) { Timeout = timeout, Output = OutputLimit.First(OutputCharacters) };
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(command, ct);
        }
        catch (Exception e) when (e is ProcessStartException or ProcessTimeoutException)
        {
            throw new ServiceControlException($"{what}: {e.Message}", e);
        }

        if (result.ExitCode != 0)
        {
            throw new ServiceControlException($"{what}: '{command}' {result.Failure}");
        }
    }
}
