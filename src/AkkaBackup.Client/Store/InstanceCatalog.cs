using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Store;
using AkkaBackup.Store.Instances;

namespace AkkaBackup.Client.Store;

/// <summary>The instances a run can be started for, and where each one's runs go, read from the node's store at the moment of asking.</summary>
/// <param name="nodeTarget">The node's receiver from HOCON: where an instance without a target sends its runs, and the node's admission behaviour.</param>
public sealed class InstanceCatalog(NodeStore store, TargetSettings nodeTarget)
{
    public NodeStore Store => store;

    /// <summary>The instance called <paramref name="name"/>, or the only one when no name is given, with its target resolved.</summary>
    /// <exception cref="ConfigurationException">No such instance, several and none named, or its target is gone.</exception>
    public async Task<InstanceSettings> ResolveAsync(string? name, CancellationToken ct = default)
    {
        var instances = await store.Instances.ListAsync(ct);
        var known = instances.Count == 0 ? "none (add one with `abk <node> config instance add` or in the HOCON file)" : string.Join(", ", instances.Select(i => i.Name));
        var instance = name is null
            ? instances.Count == 1
                ? instances[0]
                : throw new ConfigurationException($"{instances.Count} instances are configured ({known}); choose one with --instance")
            : instances.FirstOrDefault(i => i.Name == name)
                ?? throw new ConfigurationException($"--instance '{name}' is not configured; known instances: {known}");
        var password = await store.Instances.ReadPasswordAsync(instance.Name, ct)
            ?? throw new ConfigurationException($"instance '{instance.Name}' was removed while it was being read");
        return StoredConfiguration.ToSettings(instance, password, await TargetOfAsync(instance, ct));
    }

    /// <summary>How many runs this node works on at once (setting <c>concurrency</c>).</summary>
    public async Task<int> ConcurrencyAsync(CancellationToken ct = default) => (await store.Settings.GetAsync(ct)).Concurrency;

    /// <summary>The instance's own target, or else the node's receiver (as stored, with any folder and naming an operator gave it).</summary>
    private async Task<TargetSettings> TargetOfAsync(MySqlInstance instance, CancellationToken ct)
    {
        if (instance.Target.Length == 0)
        {
            return await store.Targets.GetAsync(nodeTarget.ExpectedName, ct) is { } imported
                ? StoredConfiguration.ToSettings(imported, nodeTarget)
                : nodeTarget;
        }

        return await store.Targets.GetAsync(instance.Target, ct) is { } target
            ? StoredConfiguration.ToSettings(target, nodeTarget)
            : throw new ConfigurationException(
                $"instance '{instance.Name}' sends its backups to target '{instance.Target}', which is not configured; add it or choose another with `config instance set {instance.Name} --target NAME`");
    }
}
