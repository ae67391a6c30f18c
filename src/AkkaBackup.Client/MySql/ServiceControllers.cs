using AkkaBackup.Client.Configuration;
using AkkaBackup.Store.Instances;

namespace AkkaBackup.Client.MySql;

public static class ServiceControllers
{
    public static IServiceController For(InstanceSettings instance) => instance.ServiceKind switch
    {
        ServiceKind.Command => new CommandServiceController(instance.StopCommand, instance.StartCommand),
        ServiceKind.Systemd => new SystemdServiceController(instance.ServiceName),
        ServiceKind.Windows => new WindowsServiceController(instance.ServiceName),
        _ => throw new ArgumentOutOfRangeException(nameof(instance), instance.ServiceKind, "unknown service controller"),
    };
}
