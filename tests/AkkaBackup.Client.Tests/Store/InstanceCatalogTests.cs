using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Store;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Client.Tests.Store;

public sealed class InstanceCatalogTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("akkabackup-catalog").FullName;
    private NodeStore _store = null!;

    public async Task InitializeAsync() => _store = await NodeStore.OpenAsync(Path.Combine(_folder, "node-store.db"), new Accepting(), new Accepting());

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static InstanceSettings Hocon(string name) => new(
        name, "db1", "127.0.0.1", 3306, "backup", "s3cret-" + name, "/var/lib/mysql-" + name, ServiceControllerKind.Command, "mariadb",
        "stop it", "start it", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task An_imported_instance_comes_back_as_the_same_run_settings_with_its_password()
    {
        var settings = Hocon("main");
        await _store.Importer.ImportAsync(new ConfigurationImport([new InstanceImport(StoredConfiguration.ToStored(settings), new Secret(settings.Password))], null), probe: false);

        Assert.Equal(settings, await new InstanceCatalog(_store).ResolveAsync("main"));
        Assert.Equal(settings, await new InstanceCatalog(_store).ResolveAsync(null));
    }

    [Fact]
    public async Task An_unknown_or_unnamed_instance_among_several_is_refused_with_the_known_names()
    {
        foreach (var name in new[] { "a", "b" })
        {
            await _store.Importer.ImportAsync(new ConfigurationImport([new InstanceImport(StoredConfiguration.ToStored(Hocon(name)), new Secret("pw"))], null), probe: false);
        }

        var catalog = new InstanceCatalog(_store);
        var unknown = await Assert.ThrowsAsync<ConfigurationException>(() => catalog.ResolveAsync("c"));
        Assert.Equal("--instance 'c' is not configured; known instances: a, b", unknown.Message);
        var unnamed = await Assert.ThrowsAsync<ConfigurationException>(() => catalog.ResolveAsync(null));
        Assert.Equal("2 instances are configured (a, b); choose one with --instance", unnamed.Message);
        Assert.Equal(1, await catalog.ConcurrencyAsync());
    }

    private sealed class Accepting : IInstanceProbe, ITargetProbe
    {
        public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(MySqlInstance instance, Secret password, CancellationToken ct) => Task.FromResult<IReadOnlyList<ValidationFailure>>([]);

        public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(BackupTarget target, CancellationToken ct) => Task.FromResult<IReadOnlyList<ValidationFailure>>([]);
    }
}
