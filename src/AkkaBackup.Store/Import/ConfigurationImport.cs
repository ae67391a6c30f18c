using AkkaBackup.Store.Targets;

namespace AkkaBackup.Store.Import;

/// <summary>What a node's HOCON file configured before the store existed: its instances and its one target.</summary>
public sealed record ConfigurationImport(IReadOnlyList<InstanceImport> Instances, BackupTarget? Target);
