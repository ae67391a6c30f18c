using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.Catalog;

/// <summary>The newest drill of a client/instance the catalog holds: when it ended and how.</summary>
public sealed record LastDrill(InstanceKey Key, DateTimeOffset At, CatalogDrillStatus Status);
