using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Retention;
using Akka.Actor;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Node.Output;
using static AkkaBackup.Receiver.Transfers.TransferMessages;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Receiver.Retention;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>
/// A receiver's commands: <c>node status</c>, <c>store list|transfers</c>. They read the store directory as
/// it is on disk (manifests beside the archives, .part files of partial transfers) and change nothing.
/// </summary>
public static class ReceiverPalette
{
    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("node", "status", "node status",
            "role, version, uptime, store, free disk, stored backups, every active transfer (client, progress, rate), clients waiting for a slot, connected nodes", [], [], StatusAsync),
        new("store", "list", "store list [--client <name>] [--instance <name>]", "stored backups with sizes and SHA-256, newest first", ["client", "instance"], [], ListAsync),
        new("store", "transfers", "store transfers", "partial transfers: their .part files, sizes and last write", [], [], TransfersAsync),
        new("retention", "plan", "retention plan", "a dry run of the receiver's retention policies: every backup that would go (and the rule why) and every one that stays; nothing is deleted",
            [], [], PlanAsync),
    ];

    private static async Task<int> StatusAsync(ConsoleCall call)
    {
        var r = call.Receiver;
        var peers = await r.Peers.Ask<ConnectedPeers.Peers>(ConnectedPeers.List.Instance, TimeSpan.FromSeconds(30));
        var transfers = await FleetQueries.TransfersAsync(r.Gateway);
        var stored = Stored(r.Settings.StoreDirectory);
        var partial = Partial(r.Settings.PartialDirectory);
        var fleet = await FleetAsync(r.Fleet);
        var status = new ReceiverStatusJson(
            Role: "receiver",
            Node: r.NodeName,
            Version: AkkaNode.Version,
            StartedAt: r.StartedAt,
            UptimeSeconds: (long)(DateTimeOffset.UtcNow - r.StartedAt).TotalSeconds,
            StoreDirectory: r.Settings.StoreDirectory,
            FreeDiskBytes: new DriveInfo(r.Settings.StoreDirectory).AvailableFreeSpace,
            StoredBackups: stored.Count,
            StoredBytes: stored.Sum(m => m.ArchiveBytes),
            PartialTransfers: partial.Count,
            ActiveTransfers: transfers.Transfers,
            WaitingClients: transfers.Waiting,
            AllowedClients: r.Settings.AllowedClients.Order(StringComparer.Ordinal).ToList(),
            Connected: peers.Connected,
            Fleet: fleet);
        if (call.Json)
        {
            call.WriteJson(status, OutputJsonContext.Default.ReceiverStatusJson);
            return 0;
        }

        var o = call.Out;
        o.WriteLine($"receiver node '{status.Node}', akkabackup {status.Version}, up {TimeSpan.FromSeconds(status.UptimeSeconds)} (since {ConsoleValues.When(status.StartedAt)})");
        WriteFleet(o, fleet);
        o.WriteLine($"store {status.StoreDirectory}: {ConsoleValues.Size(status.FreeDiskBytes)} free, {status.StoredBackups} backup(s), {ConsoleValues.Size(status.StoredBytes)}");
        o.WriteLine($"partial transfers: {status.PartialTransfers}; allowed clients: {string.Join(", ", status.AllowedClients)}");
        o.WriteLine($"active transfers ({transfers.Transfers.Count}):");
        foreach (var t in transfers.Transfers)
        {
            o.WriteLine($"  {t.TransferId}  {t.ClientId}  {t.Server}/{t.Instance}  {Progress(t)}  {ConsoleValues.Size((long)t.BytesPerSecond)}/s");
        }

        o.WriteLine($"waiting for a transfer slot ({transfers.Waiting.Count}):");
        foreach (var w in transfers.Waiting)
        {
            o.WriteLine($"  #{w.Position}  {w.ClientId}  (run {w.Ticket})");
        }

        o.WriteLine($"connected over Akka.Remote ({peers.Connected.Count}, this console included):");
        foreach (var peer in peers.Connected)
        {
            o.WriteLine($"  {peer.Address}  since {ConsoleValues.When(peer.Since)}");
        }

        return 0;
    }

    /// <summary>The dead man's switch as it is now; a catalog that cannot be read is reported, not fatal to the status.</summary>
    private static async Task<FleetStatusJson> FleetAsync(FleetConsole fleet)
    {
        try
        {
            var watches = await InstanceWatch.AssessAsync(await fleet.Catalog.OpenAsync(), fleet.Overdue, DateTimeOffset.UtcNow);
            return new FleetStatusJson(watches.Count(w => w.Expected.After is not null), watches.Where(w => w.Overdue).Select(OverdueJson.Of).ToList(), null);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Store.StoreException or IOException or UnauthorizedAccessException)
        {
            return new FleetStatusJson(0, [], $"the fleet catalog {fleet.Catalog.Path} cannot be read: {e.Message}");
        }
    }

    /// <summary>Overdue instances first: they are what an operator must act on.</summary>
    private static void WriteFleet(TextWriter o, FleetStatusJson fleet)
    {
        if (fleet.Error is { } error)
        {
            o.WriteLine($"FLEET CATALOG UNREADABLE: {error}");
            return;
        }

        o.WriteLine(fleet.Overdue.Count == 0
            ? $"overdue: none of {fleet.WatchedInstances} watched instance(s)"
            : $"OVERDUE: {fleet.Overdue.Count} of {fleet.WatchedInstances} watched instance(s):");
        foreach (var w in fleet.Overdue)
        {
            o.WriteLine($"  {w.Client}/{w.Instance}  last backup {ConsoleValues.When(w.LastFiled)} ({OverdueAlerts.Span(TimeSpan.FromSeconds(w.AgeSeconds))} ago), " +
                $"expected within {OverdueAlerts.Span(TimeSpan.FromSeconds(w.ExpectedSeconds))}{(w.AlertedAt is { } at ? $", alerted {ConsoleValues.When(at)}" : "")}");
        }
    }

    /// <summary>The same pass the receiver runs after each stored backup and on its timer, with nothing deleted.</summary>
    private static Task<int> PlanAsync(ConsoleCall call)
    {
        var r = call.Receiver;
        var result = FleetQueries.RetentionPlan(r.Settings, r.Retention);
        if (call.Json)
        {
            call.WriteJson(RetentionReport.ToJson(result), OutputJsonContext.Default.RetentionJson);
        }
        else
        {
            RetentionReport.Write(call.Out, result);
        }

        return Task.FromResult(0);
    }

    /// <summary>Received so far of the client's upper bound for the archive (it is compressed, so usually less).</summary>
    private static string Progress(ActiveTransfer t) =>
        $"{ConsoleValues.Size(t.BytesReceived)} in {t.ChunksReceived} chunk(s) of at most {ConsoleValues.Size(t.AnnouncedBytes)}";

    private static Task<int> ListAsync(ConsoleCall call)
    {
        var client = call.Args.Option("client");
        var instance = call.Args.Option("instance");
        var backups = Stored(call.Receiver.Settings.StoreDirectory)
            .Where(m => (client is null || m.Client == client) && (instance is null || m.Instance == instance))
            .OrderByDescending(m => m.StoredAt)
            .ToList();
        if (call.Json)
        {
            call.WriteJson(backups, OutputJsonContext.Default.IReadOnlyListStoredManifest);
            return Task.FromResult(0);
        }

        ConsoleTable.Write(call.Out, ["STORED", "CLIENT", "INSTANCE", "NAME", "SIZE", "SHA-256"], backups.Select(m => (IReadOnlyList<string>)
            [ConsoleValues.When(m.StoredAt), m.Client, m.Instance, m.StoredName, ConsoleValues.Size(m.ArchiveBytes), m.Sha256]));
        return Task.FromResult(0);
    }

    private static Task<int> TransfersAsync(ConsoleCall call)
    {
        var transfers = Partial(call.Receiver.Settings.PartialDirectory)
            .Select(f => new PartialTransferJson(Path.GetFileNameWithoutExtension(f.Name), f.Length, new DateTimeOffset(f.LastWriteTimeUtc)))
            .ToList();
        if (call.Json)
        {
            call.WriteJson(transfers, OutputJsonContext.Default.IReadOnlyListPartialTransferJson);
            return Task.FromResult(0);
        }

        if (transfers.Count == 0)
        {
            call.Out.WriteLine("No partial transfers.");
            return Task.FromResult(0);
        }

        ConsoleTable.Write(call.Out, ["TRANSFER", "RECEIVED", "LAST WRITE"], transfers.Select(t => (IReadOnlyList<string>)
            [t.TransferId, ConsoleValues.Size(t.Bytes), ConsoleValues.When(t.LastWrite)]));
        return Task.FromResult(0);
    }

    /// <summary>Every readable manifest below the store, wherever the layout puts it; partial transfers excluded.</summary>
    private static List<StoredManifest> Stored(string store)
    {
        var partial = Path.Combine(store, ".partial") + Path.DirectorySeparatorChar;
        var manifests = new List<StoredManifest>();
        foreach (var path in Directory.EnumerateFiles(store, "*" + StoreFiles.ManifestSuffix, SearchOption.AllDirectories))
        {
            if (path.StartsWith(partial, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                manifests.Add(StoredManifest.Read(path));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A manifest being written or damaged is left to the receiver's own checks.
            }
        }

        return manifests;
    }

    private static List<FileInfo> Partial(string partialDirectory) =>
        Directory.Exists(partialDirectory) ? new DirectoryInfo(partialDirectory).GetFiles("*.part").ToList() : [];
}
