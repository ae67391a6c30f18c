using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.Catalog;

/// <summary>
/// What the receiver saw of one client/instance over a period. <paramref name="Filed"/> counts the backups it
/// stored; <paramref name="NotFiled"/> the transfers of that instance it refused, failed or let expire; the success
/// rate is filed over both (null with neither). <paramref name="LastSuccess"/> is the newest filing before the
/// period's end, inside the period or not. Sizes count the period's filings; the growth compares its first and
/// last filing of <paramref name="LastType"/> (a hot archive and a cold zip are not compared), null with fewer than two.
/// <see cref="LastDrill"/> is the newest restore drill before the period's end, like the last success.
/// </summary>
public sealed record FleetSummary(
    string Client,
    string Instance,
    int Filed,
    int NotFiled,
    double? SuccessRate,
    DateTimeOffset? LastSuccess,
    BackupType? LastType,
    long TotalArchiveBytes,
    long? LastArchiveBytes,
    long? GrowthBytes,
    double? GrowthPercent)
{
    public InstanceKey Key => new(Client, Instance);

    /// <summary>null when the catalog holds no drill of the instance.</summary>
    public LastDrill? LastDrill { get; init; }

    /// <summary>The next scheduled run the client reported with its last filing; null when it reported none.</summary>
    public DateTimeOffset? NextRun { get; init; }
}
