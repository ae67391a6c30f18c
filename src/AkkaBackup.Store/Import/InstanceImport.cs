using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Store.Import;

/// <summary>An instance as the node's HOCON file describes it, with its password.</summary>
public sealed record InstanceImport(MySqlInstance Instance, Secret Password);
