using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>
/// How many transfers run at once and how fast they may write (<c>akkabackup.receiver.limits</c>).
/// A rate of 0 means no limit. <paramref name="AdmissionLease"/> is how long a waiting client keeps its
/// place, and an admitted transfer without a data-plane connection its slot, without being heard from.
/// </summary>
public sealed record ReceiverLimits(
    int MaxConcurrentTransfers,
    int MaxTransfersPerClient,
    long RateLimit,
    long RateLimitPerClient,
    TimeSpan AdmissionLease,
    TimeSpan StatusInterval)
{
    /// <summary>The limits of reference.hocon.</summary>
    public static readonly ReceiverLimits Default = ReceiverSettingsReader.ReadLimits(HoconSection.Of(ReferenceConfiguration.Config, "akkabackup.receiver.limits"));
}
