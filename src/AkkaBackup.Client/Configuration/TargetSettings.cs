using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Client.Configuration;

/// <summary>The receiver a client ships its archives to.</summary>
/// <param name="ExpectedName">CN the receiver's certificate must carry.</param>
/// <param name="AdmissionPoll">While the receiver's transfer slots are taken, pre-flight asks again this often.</param>
/// <param name="AdmissionTimeout">Pre-flight fails (the server untouched) after waiting this long for a slot.</param>
/// <param name="Name">The target's name in the node's store ("" for the HOCON one before it is imported).</param>
/// <param name="Where">Folder and naming asked of the receiver; null leaves both to the receiver.</param>
public sealed record TargetSettings(
    string Host,
    int Port,
    string SystemName,
    string ExpectedName,
    TimeSpan RequestTimeout,
    TimeSpan VerifyTimeout,
    TimeSpan AdmissionPoll,
    TimeSpan AdmissionTimeout,
    string Name = "",
    Placement? Where = null)
{
    /// <summary>The receiver's gateway, the one actor of the receiver this node sends to.</summary>
    public string GatewayPath => $"akka.ssl.tcp://{SystemName}@{Host}:{Port}/user/receiver";

    public Placement Placement => Where ?? Placement.ReceiverDefault;
}
