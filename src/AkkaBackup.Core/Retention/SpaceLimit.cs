using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>A byte ceiling over some backups: past it the oldest deletable ones go until the rest fit.</summary>
internal static class SpaceLimit
{
    /// <param name="what">"instance db1/main" or "the store", for reasons and warnings.</param>
    /// <param name="instance">Null for the store-wide limit.</param>
    public static void Enforce(
        IReadOnlyCollection<BackupVerdict> scope, long? limit, RetentionRule rule, string what, InstanceKey? instance, List<RetentionWarning> warnings)
    {
        if (limit is not { } max)
        {
            return;
        }

        // In-progress backups are never deleted, but they take the disk all the same.
        var total = scope.Where(v => !v.IsDeleted).Sum(v => v.Backup.SizeBytes);
        var oldestFirst = scope
            .Where(v => !v.IsDeleted && !v.IsProtected)
            .OrderBy(v => v.Backup.StoredAt)
            .ThenBy(v => v.Backup.Path, StringComparer.Ordinal);
        foreach (var verdict in oldestFirst)
        {
            if (total <= max)
            {
                return;
            }

            verdict.Delete(rule, $"{what} held {total:N0} bytes, over its limit of {max:N0}; oldest go first");
            total -= verdict.Backup.SizeBytes;
        }

        if (total > max)
        {
            warnings.Add(new RetentionWarning(
                instance,
                rule,
                $"{what} still holds {total:N0} bytes, over its limit of {max:N0}: what is left must be kept (newest verified backups, backups in progress)"));
        }
    }
}
