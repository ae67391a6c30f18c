using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Overdue;

/// <summary>One watched instance as the dead man's switch sees it now: its interval, whether it is overdue, and what to do.</summary>
/// <param name="DueBy">When it becomes overdue without another filing; null when not watched.</param>
public sealed record InstanceWatch(WatchedInstance Instance, ExpectedInterval Expected, bool Overdue, TimeSpan Age, DateTimeOffset? DueBy, OverdueStep Step)
{
    public InstanceKey Key => new(Instance.Client, Instance.Instance);

    /// <summary>Every watched instance, assessed at <paramref name="now"/>.</summary>
    /// <param name="filings">Per instance, its newest filings, oldest first (<see cref="FleetCatalog.RecentFilingsAsync"/>).</param>
    public static IReadOnlyList<InstanceWatch> Assess(
        IReadOnlyList<WatchedInstance> watched, IReadOnlyDictionary<InstanceKey, IReadOnlyList<DateTimeOffset>> filings, OverdueSettings settings, DateTimeOffset now) =>
        watched.Select(w =>
        {
            var key = new InstanceKey(w.Client, w.Instance);
            var expected = ExpectedInterval.For(key, filings.GetValueOrDefault(key) ?? [w.LastFiled], settings);
            return new InstanceWatch(w, expected, OverdueSteps.IsOverdue(w, expected, now), now - w.LastFiled, w.LastFiled + expected.After, OverdueSteps.Decide(w, expected, now));
        }).ToList();

    /// <summary>Reads what <see cref="Assess"/> needs from the catalog.</summary>
    public static async Task<IReadOnlyList<InstanceWatch>> AssessAsync(FleetCatalog catalog, OverdueSettings settings, DateTimeOffset now, CancellationToken ct = default) =>
        Assess(await catalog.WatchedAsync(ct), await catalog.RecentFilingsAsync(settings.LearnFrom, ct), settings, now);
}
