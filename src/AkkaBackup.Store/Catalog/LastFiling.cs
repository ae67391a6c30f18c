using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.Catalog;

/// <summary>An instance's newest filing the catalog holds: when, of what type, and the next run its client reported with it.</summary>
public sealed record LastFiling(DateTimeOffset At, BackupType? Type, DateTimeOffset? NextRun);
