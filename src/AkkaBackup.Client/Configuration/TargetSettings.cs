namespace AkkaBackup.Client.Configuration;

/// <summary>The receiver a client ships its archives to.</summary>
/// <param name="ExpectedName">CN the receiver's certificate must carry.</param>
/// <param name="AdmissionPoll">While the receiver's transfer slots are taken, pre-flight asks again this often.</param>
/// <param name="AdmissionTimeout">Pre-flight fails (the server untouched) after waiting this long for a slot.</param>
public sealed record TargetSettings(
    string Host, int Port, string SystemName, string ExpectedName, TimeSpan RequestTimeout, TimeSpan VerifyTimeout, TimeSpan AdmissionPoll, TimeSpan AdmissionTimeout)
{
    public string ReceptionistPath => $"akka.ssl.tcp://{SystemName}@{Host}:{Port}/system/receptionist";
}
