using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// What retention would do to a store, and why: every backup appears once, either to delete or to keep.
/// A dry run is this plan, shown; <see cref="RetentionExecutor"/> carries it out.
/// </summary>
public sealed record RetentionPlan(IReadOnlyList<BackupToDelete> Deletions, IReadOnlyList<BackupToKeep> Kept, IReadOnlyList<RetentionWarning> Warnings);

/// <summary>A backup retention deletes, with the one rule that made it go.</summary>
public sealed record BackupToDelete(StoredBackup Backup, RetentionRule Rule, string Reason);

/// <summary>A backup retention keeps, with every rule that keeps it.</summary>
public sealed record BackupToKeep(StoredBackup Backup, IReadOnlyList<RetentionRule> Rules, string Reason);

/// <summary>
/// A rule that wanted to act and could not, because a safety rule won (e.g. a space limit still exceeded
/// with only the newest verified backup left). Each is worth a critical alert.
/// </summary>
/// <param name="Instance">Null for the store-wide limit.</param>
public sealed record RetentionWarning(InstanceKey? Instance, RetentionRule Rule, string Message);
