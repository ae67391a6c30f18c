using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>One archive in the store, as retention sees it.</summary>
/// <param name="Path">Full path of the archive; its manifest is beside it (<see cref="Layout.StoreFiles.ManifestOf"/>).</param>
/// <param name="Verified">Manifest present and the archive matches it; only a verified backup counts as the instance's safe copy.</param>
/// <param name="InProgress">Still being transferred or filed: never deleted, but its bytes count against space limits.</param>
/// <param name="Type">Each type keeps its own newest verified backup (see <c>SafetyRules</c>): a hot copy never stands in for the last cold one.</param>
public sealed record StoredBackup(InstanceKey Instance, DateTimeOffset StoredAt, long SizeBytes, bool Verified, string Path, bool InProgress = false, BackupType Type = BackupType.Cold);
