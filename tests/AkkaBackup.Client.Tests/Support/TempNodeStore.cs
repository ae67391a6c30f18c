using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Store;
using AkkaBackup.Store;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Client.Tests.Support;

/// <summary>A real node store in a fresh temp folder whose probes accept everything; removed afterwards.</summary>
public sealed class TempNodeStore : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("akkabackup-client-store").FullName;

    private TempNodeStore()
    {
    }

    public NodeStore Store { get; private set; } = null!;

    public static async Task<TempNodeStore> OpenAsync()
    {
        var temp = new TempNodeStore();
        temp.Store = await NodeStore.OpenAsync(Path.Combine(temp._folder, "node-store.db"), new Accepting(), new Accepting());
        return temp;
    }

    /// <summary>The instance as <see cref="AddInstancesAsync"/> stores it, with its password.</summary>
    public static InstanceImport Stored(string name) => new(
        new MySqlInstance(name, "db1", "127.0.0.1", 3306, "backup", "/var/lib/mysql-" + name, ServiceKind.Command, "mariadb",
            "stop it", "start it", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(10)),
        new Secret("s3cret-" + name));

    /// <summary>The instance as a run gets it from the store (without a target).</summary>
    public static InstanceSettings Instance(string name) => StoredConfiguration.ToSettings(Stored(name).Instance, Stored(name).Password);

    public async Task AddInstancesAsync(params string[] names) =>
        await Store.Importer.ImportAsync(new ConfigurationImport(names.Select(Stored).ToList(), null), probe: false);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed class Accepting : IInstanceProbe, ITargetProbe
    {
        public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(MySqlInstance instance, Secret password, CancellationToken ct) => Task.FromResult<IReadOnlyList<ValidationFailure>>([]);

        public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(BackupTarget target, CancellationToken ct) => Task.FromResult<IReadOnlyList<ValidationFailure>>([]);
    }
}
