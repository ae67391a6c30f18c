using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.Catalog;

/// <summary>Computes <see cref="FleetSummary"/> rows from catalog rows; every watched instance gets a row, with or without rows in the period.</summary>
public static class FleetSummaries
{
    /// <param name="rows">The period's filings, refusals, failures and expiries with a client and an instance, oldest first.</param>
    /// <param name="lastFilings">Per instance, the newest filing before the period's end that the catalog still holds.</param>
    /// <param name="watched">The watched instances whose last filing is before the period's end (older filings may be pruned).</param>
    /// <param name="lastDrills">Per instance, the newest drill before the period's end that the catalog still holds.</param>
    public static IReadOnlyList<FleetSummary> Compute(
        IReadOnlyList<CatalogEntry> rows,
        IReadOnlyDictionary<InstanceKey, LastFiling> lastFilings,
        IReadOnlyList<WatchedInstance> watched,
        IReadOnlyDictionary<InstanceKey, LastDrill> lastDrills)
    {
        var byInstance = rows.Where(r => r.Client is not null && r.Instance is not null)
            .GroupBy(r => new InstanceKey(r.Client!, r.Instance!))
            .ToDictionary(g => g.Key, g => g.ToList());
        var keys = byInstance.Keys.Concat(lastFilings.Keys).Concat(watched.Select(w => new InstanceKey(w.Client, w.Instance))).Concat(lastDrills.Keys).Distinct();
        return keys
            .OrderBy(k => k.Client, StringComparer.Ordinal)
            .ThenBy(k => k.Instance, StringComparer.Ordinal)
            .Select(k => Summarise(k, byInstance.GetValueOrDefault(k) ?? [], lastFilings.TryGetValue(k, out var last) ? last : null, watched.FirstOrDefault(w => w.Client == k.Client && w.Instance == k.Instance))
                with { LastDrill = lastDrills.GetValueOrDefault(k), NextRun = lastFilings.GetValueOrDefault(k)?.NextRun })
            .ToList();
    }

    private static FleetSummary Summarise(InstanceKey key, List<CatalogEntry> rows, LastFiling? last, WatchedInstance? watched)
    {
        var filed = rows.Where(r => r.Event == CatalogEvent.Filed).ToList();
        var notFiled = rows.Where(r => r.Event != CatalogEvent.Filed).Sum(r => r.Count);
        var lastSuccess = last?.At ?? watched?.LastFiled;
        var lastType = last?.Type ?? filed.LastOrDefault()?.Type;
        var sameType = filed.Where(f => f.Type == lastType && f.ArchiveBytes is not null).ToList();
        var (firstBytes, lastBytes) = sameType.Count >= 2 ? (sameType[0].ArchiveBytes!.Value, sameType[^1].ArchiveBytes!.Value) : (0L, 0L);
        long? growth = sameType.Count >= 2 ? lastBytes - firstBytes : null;
        double? growthPercent = growth is { } g && firstBytes > 0 ? Math.Round(100.0 * g / firstBytes, 1) : null;
        return new FleetSummary(
            key.Client,
            key.Instance,
            filed.Count,
            notFiled,
            filed.Count + notFiled == 0 ? null : (double)filed.Count / (filed.Count + notFiled),
            lastSuccess,
            lastType,
            filed.Sum(f => f.ArchiveBytes ?? 0),
            filed.LastOrDefault(f => f.ArchiveBytes is not null)?.ArchiveBytes,
            growth,
            growthPercent);
    }
}
