namespace AkkaBackup.Core.Retention;

/// <summary>The planner's working note on one backup: every rule that keeps it, and the first rule that deletes it.</summary>
internal sealed class BackupVerdict(StoredBackup backup)
{
    private readonly List<(RetentionRule Rule, string Reason)> _keeps = [];

    public StoredBackup Backup { get; } = backup;

    public (RetentionRule Rule, string Reason)? Deletion { get; private set; }

    public bool IsKept => _keeps.Count > 0;

    /// <summary>Kept by a safety rule: nothing may delete it.</summary>
    public bool IsProtected => _keeps.Any(k => k.Rule is RetentionRule.InProgress or RetentionRule.NewestVerified or RetentionRule.NewestBackup);

    public bool IsDeleted => Deletion is not null;

    public void Keep(RetentionRule rule, string reason) => _keeps.Add((rule, reason));

    public void Delete(RetentionRule rule, string reason)
    {
        if (IsProtected)
        {
            throw new InvalidOperationException($"{Backup.Path} is protected by a safety rule and cannot be deleted by {rule}");
        }

        Deletion ??= (rule, reason);
    }

    public BackupToKeep ToKept() =>
        new(Backup, _keeps.Select(k => k.Rule).Distinct().ToList(), string.Join("; ", _keeps.Select(k => k.Reason).Distinct()));

    public BackupToDelete ToDeletion() =>
        Deletion is { } d ? new BackupToDelete(Backup, d.Rule, d.Reason) : throw new InvalidOperationException($"{Backup.Path} is not deleted");
}
