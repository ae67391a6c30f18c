namespace AkkaBackup.Store.Import;

/// <summary>What an import did, by subject (<c>instance 'db1'</c>, <c>target 'backup01'</c>).</summary>
public sealed record ImportReport(IReadOnlyList<string> Added, IReadOnlyList<string> Updated, IReadOnlyList<string> Unchanged);
