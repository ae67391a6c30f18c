using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Database;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Schedules;
using AkkaBackup.Store.Schema;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Settings;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Transfers;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store;

/// <summary>
/// A node's SQLite file: what operators configure (instances, targets, schedules, alert channels, settings),
/// the run log and the pending transfers. One per node; safe to use from several threads at once.
/// </summary>
public sealed class NodeStore
{
    private NodeStore(string databasePath, int schemaVersion, StoreDatabase database, SecretCipher cipher, IInstanceProbe instanceProbe, ITargetProbe targetProbe, TimeProvider time)
    {
        DatabasePath = databasePath;
        SchemaVersion = schemaVersion;
        Instances = new InstanceRepository(database, cipher, instanceProbe);
        Targets = new TargetRepository(database, targetProbe);
        Schedules = new ScheduleRepository(database, time);
        AlertChannels = new AlertChannelRepository(database, cipher);
        Settings = new NodeSettingsRepository(database);
        RunLog = new RunLogRepository(database, Instances, Settings, time);
        PendingTransfers = new PendingTransferRepository(database);
        Importer = new ConfigurationImporter(database, Instances, Targets);
    }

    public string DatabasePath { get; }

    /// <summary>The key file beside the database that encrypts its secrets.</summary>
    public string KeyFilePath => KeyFile.PathFor(DatabasePath);

    public int SchemaVersion { get; }

    public InstanceRepository Instances { get; }

    public TargetRepository Targets { get; }

    public ScheduleRepository Schedules { get; }

    public AlertChannelRepository AlertChannels { get; }

    public NodeSettingsRepository Settings { get; }

    public RunLogRepository RunLog { get; }

    public PendingTransferRepository PendingTransfers { get; }

    public ConfigurationImporter Importer { get; }

    /// <summary>
    /// Opens (creating if needed) the database and its key file, and migrates the schema to the newest version.
    /// </summary>
    /// <param name="instanceProbe">Checks instances against the real server before they are saved.</param>
    /// <param name="targetProbe">Checks targets against the real receiver before they are saved.</param>
    /// <exception cref="StoreException">The schema is newer than this binary knows, or the key file is unsafe, missing or not this database's.</exception>
    public static async Task<NodeStore> OpenAsync(
        string databasePath,
        IInstanceProbe instanceProbe,
        ITargetProbe targetProbe,
        TimeProvider? time = null,
        CancellationToken ct = default)
    {
        var path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var database = new StoreDatabase(path);
        await using var connection = await database.OpenAsync(ct);

        // WAL lets the console read while a run writes; the mode is a property of the file, set once.
        await connection.ExecuteAsync(null, "PRAGMA journal_mode = WAL;", ct);
        var version = await SchemaMigrator.MigrateAsync(connection, path, Migrations.All, ct);
        var cipher = await KeyCheck.OpenCipherAsync(connection, path, ct);
        return new NodeStore(path, version, database, cipher, instanceProbe, targetProbe, time ?? TimeProvider.System);
    }
}
