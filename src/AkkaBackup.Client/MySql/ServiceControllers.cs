using AkkaBackup.Client.Configuration;

namespace AkkaBackup.Client.MySql;

public static class ServiceControllers
{
    public static IServiceController For(InstanceSettings instance) => instance.ControllerKind switch
    {
        ServiceControllerKind.Command => new CommandServiceController(instance.StopCommand, instance.StartCommand),
        ServiceControllerKind.Systemd => new SystemdServiceController(instance.ServiceName),
        ServiceControllerKind.Windows => new WindowsServiceController(instance.ServiceName),
        _ => throw new ArgumentOutOfRangeException(nameof(instance), instance.ControllerKind, "unknown service controller"),
    };
}
