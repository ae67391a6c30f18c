namespace AkkaBackup.Client.Configuration;

/// <summary>One MySQL/MariaDB server this client backs up.</summary>
/// <param name="Target">Where its runs go, resolved from the node's store; null for the node's HOCON receiver.</param>
public sealed record InstanceSettings(
    string Name,
    string Server,
    string Host,
    int Port,
    string User,
    string Password,
    string DataDirectory,
    ServiceControllerKind ControllerKind,
    string ServiceName,
    string StopCommand,
    string StartCommand,
    TimeSpan StopTimeout,
    TimeSpan StartTimeout,
    TimeSpan ProbeTimeout,
    TargetSettings? Target = null)
{
    /// <summary>Safe to log: never includes the password.</summary>
    public override string ToString() => $"{Name} ({Server}, {Host}:{Port}, datadir {DataDirectory}, {ControllerKind})";
}
