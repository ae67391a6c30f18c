using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>The rules that win over every policy: in-progress backups and each instance's newest verified backup of each type stay.</summary>
internal static class SafetyRules
{
    /// <param name="newestFirst">All backups of one instance, newest first.</param>
    public static void Protect(InstanceKey instance, IReadOnlyList<BackupVerdict> newestFirst, List<RetentionWarning> warnings)
    {
        foreach (var verdict in newestFirst.Where(v => v.Backup.InProgress))
        {
            verdict.Keep(RetentionRule.InProgress, "in progress");
        }

        // Per type: the newest hot copy must not let the last cold (or snapshot) one go, nor the other way round.
        foreach (var ofType in newestFirst.Where(v => !v.Backup.InProgress).GroupBy(v => v.Backup.Type).OrderBy(g => g.Key))
        {
            var completed = ofType.ToList();
            var what = ofType.Key == BackupType.Cold ? instance.ToString() : $"{instance} ({ofType.Key.Name()})";
            if (completed.FirstOrDefault(v => v.Backup.Verified) is { } newestVerified)
            {
                newestVerified.Keep(RetentionRule.NewestVerified, $"newest verified backup of {what}");
            }
            else
            {
                completed[0].Keep(RetentionRule.NewestBackup, $"{what} has no verified backup, so its newest is kept");
                warnings.Add(new RetentionWarning(instance, RetentionRule.NewestBackup, $"{what} has no verified backup in the store ({completed.Count} unverified)"));
            }
        }
    }
}
