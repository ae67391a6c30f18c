namespace AkkaBackup.Core.Retention;

/// <summary>What <see cref="StoreScanner"/> found: the backups retention may plan over, and what it could not make sense of.</summary>
public sealed record StoreScan(IReadOnlyList<StoredBackup> Backups, IReadOnlyList<StoreScanProblem> Problems);

/// <summary>A file in the store that is not a usable backup (orphan or unreadable manifest, archive without manifest). Retention never deletes these.</summary>
public sealed record StoreScanProblem(string Path, string Problem);
