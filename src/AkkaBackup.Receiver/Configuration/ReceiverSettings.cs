using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
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
    int MaxChunkSize,
    int DataPlanePublicPort,
    string JournalFile,
    TimeSpan PartialExpiry,
    ResumeVerification ResumeVerification,
    int SnapshotEvery,
    ReceiverLimits Limits,
    StoreLayout Layout,
    int NearlyFullPercent,
    DataPlaneLimits DataPlaneLimits,
    TimeSpan VerifyDelay = default)
{
    public string PartialDirectory => Path.Combine(StoreDirectory, ".partial");

    /// <summary>The per-instance counters behind <c>{sequence}</c>.</summary>
    public string SequenceDirectory => Path.Combine(StoreDirectory, ".sequence");

    /// <summary>Transfers already filed, by id, so a client that missed the answer learns where its archive went.</summary>
    public string CompletedDirectory => Path.Combine(StoreDirectory, ".partial", "completed");

    /// <summary>Which client each transfer id went to, kept for twice the partial expiry (see <c>IssuedTransfers</c>).</summary>
    public string IssuedDirectory => Path.Combine(StoreDirectory, ".partial", "issued");

    /// <summary>The port clients are told to use for the data plane (differs from the bound port behind NAT or a proxy).</summary>
    public int AdvertisedDataPort => DataPlanePublicPort > 0 ? DataPlanePublicPort : DataPlanePort;
}

/// <summary>How a resumed transfer re-checks the chunks it holds: all, or a random sample plus the last chunks written.</summary>
public sealed record ResumeVerification(bool All, int Sample, int Tail);

/// <summary>
/// What the data plane holds at most (<c>akkabackup.receiver.data-plane</c>): connections in all, not yet
/// authenticated from one address, and per client; chunk bytes read into memory by all sessions together and by
/// one client's; how long a TLS handshake may take and a session may stay silent before it is closed.
/// </summary>
public sealed record DataPlaneLimits(
    int MaxSessions, int MaxSessionsPerClient, long MaxBufferedBytes, long MaxBufferedBytesPerClient, TimeSpan IdleTimeout, TimeSpan HandshakeTimeout, int MaxPendingPerAddress)
{
    /// <summary>The limits of reference.hocon.</summary>
    public static readonly DataPlaneLimits Default = ReceiverSettingsReader.ReadDataPlaneLimits(HoconSection.Of(ReferenceConfiguration.Config, "akkabackup.receiver.data-plane"));
}
