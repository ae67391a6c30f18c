namespace AkkaBackup.Client.MySql;

/// <summary>
/// The Windows Service Control Manager through <c>sc.exe</c> (service names such as <c>MySQL80</c> or
/// <c>MariaDB</c>). <c>sc</c> returns before the service has finished changing state; the lifecycle proves
/// the outcome by watching the process, the port and the readiness probe, as on every platform.
/// </summary>
public sealed class WindowsServiceController(string serviceName) : IServiceController
{
    public string ManualStartCommand => $"sc.exe start {serviceName}";

    public Task StopAsync(TimeSpan timeout, CancellationToken ct) => Run("stop", timeout, ct);

    public Task StartAsync(TimeSpan timeout, CancellationToken ct) => Run("start", timeout, ct);

    private Task Run(string verb, TimeSpan timeout, CancellationToken ct)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new ServiceControlException($"service.kind = windows cannot {verb} '{serviceName}' on {Environment.OSVersion.Platform}: use systemd or command");
        }

        return ServiceCommand.RunAsync("sc.exe", [verb, serviceName], $"sc.exe {verb} {serviceName}", timeout, ct);
    }
}
