using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Store;

namespace AkkaBackup.Client.Store;

/// <summary>The instances a run can be started for, read from the node's store at the moment of asking.</summary>
public sealed class InstanceCatalog(NodeStore store)
{
    public NodeStore Store => store;

    /// <summary>The instance called <paramref name="name"/>, or the only one when no name is given.</summary>
    /// <exception cref="ConfigurationException">No such instance, or several and none named.</exception>
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
        return StoredConfiguration.ToSettings(instance, password);
    }

    /// <summary>How many runs this node works on at once (setting <c>concurrency</c>).</summary>
    public async Task<int> ConcurrencyAsync(CancellationToken ct = default) => (await store.Settings.GetAsync(ct)).Concurrency;
}
