using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;

namespace AkkaBackup.Store.Catalog;

/// <summary>
/// One row of the fleet catalog. Which fields are set depends on <see cref="Event"/>: a filing has the archive's
/// name, path, sizes, SHA-256 and how long its transfer took; a refusal has who (<see cref="Client"/> when the
/// certificate was read, <see cref="Peer"/> the remote address) and <see cref="Reason"/>; a deletion its
/// <see cref="Rule"/>; a drill its <see cref="Drill"/> (the archive in <see cref="StoredName"/> and <see cref="StoredPath"/>, the
/// drill's time in <see cref="Duration"/>, why it failed in <see cref="Reason"/>). <see cref="Count"/> is more than 1 when identical refusals arriving together were
/// written as one row.
/// </summary>
public sealed record CatalogEntry(DateTimeOffset At, CatalogEvent Event)
{
    /// <summary>The row's number in the catalog; 0 for an entry not written yet.</summary>
    public long Id { get; init; }

    /// <summary>The client's certificate CN (never a name from a message).</summary>
    public string? Client { get; init; }

    public string? Instance { get; init; }

    public BackupType? Type { get; init; }

    public string? StoredName { get; init; }

    public string? StoredPath { get; init; }

    public long? ArchiveBytes { get; init; }

    public long? DataBytes { get; init; }

    public string? Sha256 { get; init; }

    public string? TransferId { get; init; }

    /// <summary>From the transfer's open to its filing.</summary>
    public TimeSpan? Duration { get; init; }

    public RetentionRule? Rule { get; init; }

    public string? Reason { get; init; }

    /// <summary>The remote address a refused connection came from.</summary>
    public string? Peer { get; init; }

    public int Count { get; init; } = 1;

    /// <summary>A filing: how long the run kept the database server down, as its client reported it; null when unknown (an older client, or a value refused).</summary>
    public TimeSpan? Downtime { get; init; }

    /// <summary>A filing: the instance's next scheduled run as its client computed it; null when it has none or did not say.</summary>
    public DateTimeOffset? NextRun { get; init; }

    /// <summary>The outcome of a drill row; null for every other event.</summary>
    public CatalogDrill? Drill { get; init; }
}
