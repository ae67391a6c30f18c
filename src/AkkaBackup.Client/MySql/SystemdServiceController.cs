namespace AkkaBackup.Client.MySql;

/// <summary><c>systemctl stop|start</c> for units such as <c>mariadb</c>, <c>mysql</c> or <c>mysqld</c>.</summary>
public sealed class SystemdServiceController(string serviceName) : IServiceController
{
    public string ManualStartCommand => $"systemctl start {serviceName}";

    public Task StopAsync(TimeSpan timeout, CancellationToken ct) =>
        ServiceCommand.RunAsync("systemctl", ["stop", serviceName], $"systemctl stop {serviceName}", timeout, ct);

    public Task StartAsync(TimeSpan timeout, CancellationToken ct) =>
        ServiceCommand.RunAsync("systemctl", ["start", serviceName], $"systemctl start {serviceName}", timeout, ct);
}
