using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>Settings of the receiver role, parsed once from HOCON by <see cref="ReceiverSettingsReader"/>.</summary>
public sealed record ReceiverSettings(
    string NodeName,
    string StoreDirectory,
    string DataPlaneHost,
    int DataPlanePort,
    IReadOnlySet<string> AllowedClients,
    NamingPattern NamingPattern,
    long ReserveBytes,
    int MaxChunkSize)
{
    public string PartialDirectory => Path.Combine(StoreDirectory, ".partial");
}
