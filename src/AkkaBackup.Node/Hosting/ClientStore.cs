using Akka.Configuration;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Store;
using AkkaBackup.Store.Settings;
using AkkaBackup.Store.Validation;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Node.Hosting;

/// <summary>
/// Opens a client node's configuration store (<c>akkabackup.store-file</c>, default <c>node-store.db</c>
/// beside the run journal; its key file beside it) and imports the instances and the target of the node's
/// HOCON file into it.
/// </summary>
public static class ClientStore
{
    public static async Task<NodeStore> OpenAsync(Config config, ClientSettings settings, TlsIdentity identity, Serilog.ILogger log)
    {
        var configured = HoconSection.Of(config, "akkabackup").String("store-file");
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetDirectoryName(settings.JournalFile)!, "node-store.db")
            : Path.GetFullPath(configured);
        NodeStore store;
        try
        {
            store = await NodeStore.OpenAsync(path, new MySqlInstanceProbe(settings.SnapshotTools), new ReceiverProbe(identity));
        }
        catch (StoreException e)
        {
            throw new ConfigurationException($"akkabackup.store-file: {e.Message}");
        }

        try
        {
            // Values only: a node must start (and bring back a server a crashed run stopped) while that server or the receiver is down.
            var report = await store.Importer.ImportAsync(StoredConfiguration.ImportOf(settings), probe: false);
            if (report.Added.Count + report.Updated.Count > 0)
            {
                log.Information("Configuration store {Store}: imported from the HOCON file: added {Added}, updated {Updated}",
                    store.DatabasePath, report.Added, report.Updated);
            }
        }
        catch (ValidationException e)
        {
            throw new ConfigurationException($"akkabackup.client: {e.Message}");
        }

        if (settings.AutoStart is { } autoStart)
        {
            await store.Settings.SetAsync(NodeSettings.AutoStartKey, autoStart ? "true" : "false");
        }

        return store;
    }
}
