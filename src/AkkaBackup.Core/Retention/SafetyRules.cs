using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>The rules that win over every policy: in-progress backups and each instance's newest verified backup stay.</summary>
internal static class SafetyRules
{
    /// <param name="newestFirst">All backups of one instance, newest first.</param>
    public static void Protect(InstanceKey instance, IReadOnlyList<BackupVerdict> newestFirst, List<RetentionWarning> warnings)
    {
        foreach (var verdict in newestFirst.Where(v => v.Backup.InProgress))
        {
            verdict.Keep(RetentionRule.InProgress, "in progress");
        }

        var completed = newestFirst.Where(v => !v.Backup.InProgress).ToList();
        if (completed.FirstOrDefault(v => v.Backup.Verified) is { } newestVerified)
        {
            newestVerified.Keep(RetentionRule.NewestVerified, $"newest verified backup of {instance}");
        }
        else if (completed.Count > 0)
        {
            completed[0].Keep(RetentionRule.NewestBackup, $"{instance} has no verified backup, so its newest is kept");
            warnings.Add(new RetentionWarning(instance, RetentionRule.NewestBackup, $"{instance} has no verified backup in the store ({completed.Count} unverified)"));
        }
    }
}
