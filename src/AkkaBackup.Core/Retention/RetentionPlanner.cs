namespace AkkaBackup.Core.Retention;

/// <summary>
/// Decides what retention deletes from a store. Order of precedence: safety rules (in progress, newest verified
/// per instance) over everything; then each instance's byte limit and the store's byte limit, oldest first;
/// then keep rules. Pure: reads nothing, deletes nothing.
/// </summary>
public static class RetentionPlanner
{
    public static RetentionPlan Plan(IEnumerable<StoredBackup> backups, RetentionPolicies policies, DateTimeOffset now)
    {
        var verdicts = backups.Select(b => new BackupVerdict(b)).ToList();
        var warnings = new List<RetentionWarning>();
        foreach (var instance in verdicts.GroupBy(v => v.Backup.Instance))
        {
            var policy = policies.For(instance.Key);
            var newestFirst = instance
                .OrderByDescending(v => v.Backup.StoredAt)
                .ThenBy(v => v.Backup.Path, StringComparer.Ordinal)
                .ToList();
            SafetyRules.Protect(instance.Key, newestFirst, warnings);
            KeepRules.Apply(newestFirst.Where(v => !v.Backup.InProgress).ToList(), policy, now, policies.TimeZone);
            SpaceLimit.Enforce(newestFirst, policy.MaxBytes, RetentionRule.InstanceSpace, $"instance {instance.Key}", instance.Key, warnings);
        }

        SpaceLimit.Enforce(verdicts, policies.StoreMaxBytes, RetentionRule.StoreSpace, "the store", null, warnings);

        return new RetentionPlan(
            verdicts.Where(v => v.IsDeleted).OrderBy(v => v.Backup.StoredAt).Select(v => v.ToDeletion()).ToList(),
            verdicts.Where(v => !v.IsDeleted).OrderBy(v => v.Backup.Instance.ToString(), StringComparer.Ordinal).ThenByDescending(v => v.Backup.StoredAt).Select(v => v.ToKept()).ToList(),
            warnings);
    }
}
