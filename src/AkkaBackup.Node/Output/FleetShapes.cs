using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Node.Output;

// The --json shapes of a receiver's fleet catalog commands; see OutputJsonContext.

/// <summary>
/// One catalog row (<c>abk &lt;receiver&gt; log list|search --json</c>); fields the event does not have are null, <paramref name="Drill"/> (status, failed stage, every table) for a drill only.
/// A filing's <paramref name="DowntimeSeconds"/> and <paramref name="NextRun"/> are what its client reported; null is unknown (an older client, or a value the receiver refused), never 0.
/// </summary>
public sealed record CatalogEntryJson(
    long Id,
    DateTimeOffset At,
    CatalogEvent Event,
    string? Client,
    string? Instance,
    BackupType? Type,
    string? StoredName,
    string? StoredPath,
    long? ArchiveBytes,
    long? DataBytes,
    string? Sha256,
    string? TransferId,
    double? DurationSeconds,
    RetentionRule? Rule,
    string? Reason,
    string? Peer,
    int Count,
    CatalogDrill? Drill,
    double? DowntimeSeconds,
    DateTimeOffset? NextRun)
{
    public static CatalogEntryJson Of(CatalogEntry e) => new(
        e.Id, e.At, e.Event, e.Client, e.Instance, e.Type, e.StoredName, e.StoredPath, e.ArchiveBytes, e.DataBytes, e.Sha256, e.TransferId,
        e.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : null, e.Rule, e.Reason, e.Peer, e.Count, e.Drill,
        e.Downtime is { } down ? Math.Round(down.TotalSeconds, 3) : null, e.NextRun);
}

/// <summary><c>abk &lt;receiver&gt; report summary --json</c>: the period, and a row per client/instance.</summary>
public sealed record FleetSummaryJson(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<FleetInstanceJson> Instances);

/// <summary>
/// One client/instance over the period (see <see cref="FleetSummary"/>) with its dead man's switch as it is now:
/// <paramref name="ExpectedSeconds"/> and <paramref name="Overdue"/> are null when it is not watched (forgotten, or watch = off);
/// <paramref name="LastDrillAt"/> and <paramref name="LastDrill"/> when the catalog holds no restore drill of it.
/// <paramref name="NextRun"/> is the next scheduled run the client reported with its last filing (null: it reported none);
/// <paramref name="ExpectedBy"/> is the receiver's own reckoning, last success plus the expected interval (null when not watched).
/// </summary>
public sealed record FleetInstanceJson(
    string Client,
    string Instance,
    int Filed,
    int NotFiled,
    double? SuccessRate,
    DateTimeOffset? LastSuccess,
    double? LastSuccessAgeSeconds,
    BackupType? LastType,
    long TotalArchiveBytes,
    long? LastArchiveBytes,
    long? GrowthBytes,
    double? GrowthPercent,
    double? ExpectedSeconds,
    IntervalSource? IntervalSource,
    bool? Overdue,
    DateTimeOffset? OverdueSince,
    DateTimeOffset? LastDrillAt,
    CatalogDrillStatus? LastDrill,
    DateTimeOffset? NextRun,
    DateTimeOffset? ExpectedBy);

/// <summary>An overdue instance in the receiver's <c>node status</c>.</summary>
public sealed record OverdueJson(string Client, string Instance, DateTimeOffset LastFiled, double AgeSeconds, double ExpectedSeconds, IntervalSource IntervalSource, DateTimeOffset? AlertedAt)
{
    public static OverdueJson Of(InstanceWatch w) => new(
        w.Key.Client, w.Key.Instance, w.Instance.LastFiled, Math.Round(w.Age.TotalSeconds), Math.Round(w.Expected.After?.TotalSeconds ?? 0), w.Expected.Source, w.Instance.OverdueSince);
}

/// <summary>The receiver's fleet in <c>node status</c>: how many instances it watches, which are overdue; <paramref name="Error"/> when the catalog cannot be read.</summary>
public sealed record FleetStatusJson(int WatchedInstances, IReadOnlyList<OverdueJson> Overdue, string? Error);
