using AkkaBackup.Core.Retention;

namespace AkkaBackup.Receiver.Drills;

/// <summary>Which backups a scheduled drill pass takes: the newest verified backup of each client/instance, oldest instance first.</summary>
public static class DrillCandidates
{
    public static IReadOnlyList<StoredBackup> Newest(IEnumerable<StoredBackup> backups) =>
        backups
            .Where(b => b.Verified && !b.InProgress)
            .GroupBy(b => b.Instance)
            .Select(g => g.OrderByDescending(b => b.StoredAt).ThenByDescending(b => b.Path, StringComparer.Ordinal).First())
            .OrderBy(b => b.Instance.ToString(), StringComparer.Ordinal)
            .ToList();
}
