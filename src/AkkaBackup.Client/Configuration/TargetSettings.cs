namespace AkkaBackup.Client.Configuration;

/// <summary>The receiver a client ships its archives to.</summary>
/// <param name="ExpectedName">CN the receiver's certificate must carry.</param>
public sealed record TargetSettings(string Host, int Port, string SystemName, string ExpectedName, TimeSpan RequestTimeout, TimeSpan VerifyTimeout)
{
    public string ReceptionistPath => $"akka.ssl.tcp://{SystemName}@{Host}:{Port}/system/receptionist";
}
