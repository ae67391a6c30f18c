namespace AkkaBackup.Client.MySql;

/// <summary>Configured shell command lines, run with <c>/bin/sh -c</c> (or <c>cmd /c</c> on Windows).</summary>
public sealed class CommandServiceController(string stopCommand, string startCommand) : IServiceController
{
    public string ManualStartCommand => startCommand;

    public Task StopAsync(TimeSpan timeout, CancellationToken ct) => Run(stopCommand, "stop command", timeout, ct);

    public Task StartAsync(TimeSpan timeout, CancellationToken ct) => Run(startCommand, "start command", timeout, ct);

    private static Task Run(string commandLine, string what, TimeSpan timeout, CancellationToken ct) =>
        OperatingSystem.IsWindows()
            ? ServiceCommand.RunAsync("cmd.exe", ["/c", commandLine], what, timeout, ct)
            : ServiceCommand.RunAsync("/bin/sh", ["-c", commandLine], what, timeout, ct);
}
