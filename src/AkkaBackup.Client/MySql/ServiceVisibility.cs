using AkkaBackup.Client.Configuration;
using AkkaBackup.Store.Instances;

namespace AkkaBackup.Client.MySql;

/// <summary>Whether the service controller can see an instance's service, asked without changing anything.</summary>
public static class ServiceVisibility
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <returns>Null when the controller sees the service; otherwise why not.</returns>
    public static async Task<string?> ProblemAsync(InstanceSettings instance, CancellationToken ct)
    {
        try
        {
            switch (instance.ServiceKind)
            {
                case ServiceKind.Systemd:
                    await ServiceCommand.RunAsync("systemctl", ["cat", "--", instance.ServiceName], $"systemctl cat {instance.ServiceName}", Timeout, ct);
                    return null;
                case ServiceKind.Windows when OperatingSystem.IsWindows():
                    await ServiceCommand.RunAsync("sc.exe", ["query", instance.ServiceName], $"sc.exe query {instance.ServiceName}", Timeout, ct);
                    return null;
                case ServiceKind.Windows:
                    return $"service.kind = windows cannot be used on {Environment.OSVersion.Platform}: use systemd or command";
                default:
                    // Configured commands are shell text; they are proven when a run stops and starts the server.
                    return null;
            }
        }
        catch (ServiceControlException e)
        {
            return e.Message;
        }
    }
}
