using AkkaBackup.Client.Store;
using AkkaBackup.Client.Tests.Support;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Client.Tests.Store;

public sealed class InstanceCatalogTests : IAsyncLifetime
{
    private TempNodeStore _temp = null!;

    public async Task InitializeAsync() => _temp = await TempNodeStore.OpenAsync();

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task An_imported_instance_comes_back_as_the_same_run_settings_with_its_password()
    {
        await _temp.AddInstancesAsync("main");

        Assert.Equal(TempNodeStore.Instance("main"), await new InstanceCatalog(_temp.Store).ResolveAsync("main"));
        Assert.Equal(TempNodeStore.Instance("main"), await new InstanceCatalog(_temp.Store).ResolveAsync(null));
    }

    [Fact]
    public async Task An_unknown_or_unnamed_instance_among_several_is_refused_with_the_known_names()
    {
        await _temp.AddInstancesAsync("a", "b");

        var catalog = new InstanceCatalog(_temp.Store);
        var unknown = await Assert.ThrowsAsync<ConfigurationException>(() => catalog.ResolveAsync("c"));
        Assert.Equal("--instance 'c' is not configured; known instances: a, b", unknown.Message);
        var unnamed = await Assert.ThrowsAsync<ConfigurationException>(() => catalog.ResolveAsync(null));
        Assert.Equal("2 instances are configured (a, b); choose one with --instance", unnamed.Message);
        Assert.Equal(1, await catalog.ConcurrencyAsync());
    }
}
