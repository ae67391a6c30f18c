using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Tests.Support;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Client.Tests.Store;

public sealed class InstanceCatalogTests : IAsyncLifetime
{
    private static readonly TargetSettings NodeTarget = new(
        "backup01", 4053, "akkabackup", "receiver", TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(2), TimeSpan.FromHours(2));

    private TempNodeStore _temp = null!;

    public async Task InitializeAsync() => _temp = await TempNodeStore.OpenAsync();

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private InstanceCatalog Catalog => new(_temp.Store, NodeTarget);

    [Fact]
    public async Task An_imported_instance_comes_back_as_the_same_run_settings_with_its_password()
    {
        await _temp.AddInstancesAsync("main");

        Assert.Equal(TempNodeStore.Instance("main") with { Target = NodeTarget }, await Catalog.ResolveAsync("main"));
        Assert.Equal(TempNodeStore.Instance("main") with { Target = NodeTarget }, await Catalog.ResolveAsync(null));
    }

    [Fact]
    public async Task An_unknown_or_unnamed_instance_among_several_is_refused_with_the_known_names()
    {
        await _temp.AddInstancesAsync("a", "b");

        var catalog = Catalog;
        var unknown = await Assert.ThrowsAsync<ConfigurationException>(() => catalog.ResolveAsync("c"));
        Assert.Equal("--instance 'c' is not configured; known instances: a, b", unknown.Message);
        var unnamed = await Assert.ThrowsAsync<ConfigurationException>(() => catalog.ResolveAsync(null));
        Assert.Equal("2 instances are configured (a, b); choose one with --instance", unnamed.Message);
        Assert.Equal(1, await catalog.ConcurrencyAsync());
    }

    [Fact]
    public async Task An_instance_without_a_target_goes_to_the_node_receiver_with_the_folder_and_naming_an_operator_gave_it()
    {
        await _temp.AddInstancesAsync("main");
        await _temp.Store.Importer.ImportAsync(new ConfigurationImport([], StoredConfiguration.ToStored(NodeTarget)), probe: false);
        var imported = (await _temp.Store.Targets.GetAsync("receiver"))!;
        await _temp.Store.Targets.SaveAsync(imported with { RemoteFolder = "nightly/db", NamingPattern = "{instance}_{timestamp}.zip", DateFormat = "yyyyMMdd", TimeZone = "Europe/Berlin" });

        // The next start imports the HOCON receiver again: where it is comes from HOCON, folder and naming stay.
        await _temp.Store.Importer.ImportAsync(new ConfigurationImport([], StoredConfiguration.ToStored(NodeTarget with { Port = 4054 })), probe: false);
        var target = (await Catalog.ResolveAsync("main")).Target!;

        Assert.Equal(4054, target.Port);
        Assert.Equal(new Placement("nightly/db", "{instance}_{timestamp:yyyyMMdd}.zip", "Europe/Berlin"), target.Placement);
    }

    [Fact]
    public async Task An_instance_with_its_own_target_goes_there_and_that_target_cannot_be_removed_under_it()
    {
        await _temp.AddInstancesAsync("main");
        var offsite = StoredConfiguration.ToStored(NodeTarget with { Host = "offsite.example", Port = 5000, ExpectedName = "offsite" }) with { RemoteFolder = "main" };
        await _temp.Store.Targets.SaveAsync(offsite);
        var stored = (await _temp.Store.Instances.GetAsync("main"))!;
        await _temp.Store.Instances.SaveAsync(stored with { Target = "offsite" }, password: null);

        var target = (await Catalog.ResolveAsync("main")).Target!;
        Assert.Equal(("offsite.example", 5000, "offsite", "offsite"), (target.Host, target.Port, target.ExpectedName, target.Name));
        Assert.Equal(new Placement("main", "", "UTC"), target.Placement);
        Assert.Equal(NodeTarget.AdmissionTimeout, target.AdmissionTimeout);

        var removal = await Assert.ThrowsAsync<ValidationException>(() => _temp.Store.Targets.RemoveAsync("offsite"));
        Assert.Contains("target 'offsite' is used by instance(s) main", removal.Message);
        Assert.NotNull(await _temp.Store.Targets.GetAsync("offsite"));

        // A HOCON import that names no target keeps the one chosen at run time.
        await _temp.AddInstancesAsync("main");
        Assert.Equal("offsite", (await _temp.Store.Instances.GetAsync("main"))!.Target);
    }

    [Fact]
    public async Task An_instance_cannot_name_a_target_that_is_not_configured()
    {
        await _temp.AddInstancesAsync("main");
        var stored = (await _temp.Store.Instances.GetAsync("main"))!;

        var refused = await Assert.ThrowsAsync<ValidationException>(() => _temp.Store.Instances.SaveAsync(stored with { Target = "nowhere" }, password: null));

        Assert.Contains("target = 'nowhere' is not a configured target (configured: none)", refused.Message);
        Assert.Equal("", (await _temp.Store.Instances.GetAsync("main"))!.Target);
    }
}
