using Akka.Actor;
using Akka.Cluster.Tools.Client;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Archive;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// Every check that must pass before the server is stopped (invariant 3): credentials, data directory,
/// local space, no other run on the instance, the receiver reachable, authenticated and with room, a
/// transfer opened and its data-plane connection established.
/// </summary>
public sealed class Preflight(ClientSettings settings, InstanceSettings instance, ClientNodeContext node)
{
    public const string ReceiverGatewayPath = "/user/receiver";

    public async Task<PreflightPassed> RunAsync(CancellationToken ct)
    {
        var facts = await MySqlProbe.InspectAsync(instance, ct);
        if (!DataDirectories.Same(facts.DataDirectory, instance.DataDirectory))
        {
            throw new PreflightException($"the server says @@datadir = '{facts.DataDirectory}' but data-directory is configured as '{instance.DataDirectory}': refusing to back up the wrong directory");
        }

        var staging = Path.Combine(settings.StagingDirectory, instance.Name);
        Directory.CreateDirectory(staging);
        var archivePath = Path.Combine(staging, "Data.zip");
        if (File.Exists(archivePath))
        {
            throw new PreflightException($"a kept archive from an earlier failed transfer exists at {archivePath}; it is a complete cold backup: copy it away or delete it before the next run");
        }

        var instanceLock = InstanceLock.Acquire(staging, instance.Name);
        try
        {
            DataDirectoryScan scan;
            try
            {
                scan = DataDirectoryScanner.Scan(instance.DataDirectory);
            }
            catch (ArchiveException e)
            {
                throw new PreflightException($"data directory {instance.DataDirectory} is not readable: {e.Message}", e);
            }

            var required = ArchiveSizeEstimate.UpperBound(scan.TotalBytes, scan.Entries.Count);
            var localFree = new DriveInfo(staging).AvailableFreeSpace;
            if (localFree < required)
            {
                throw new PreflightException($"not enough local space for the archive in {staging}: up to {required:N0} bytes needed, {localFree:N0} free");
            }

            var check = await AskReceiver<ReceiverChecked>(new CheckReceiver(settings.NodeName, required), ct);
            if (!check.Accepted)
            {
                throw new PreflightException($"receiver refused: {check.Reason}");
            }

            var opened = await AskReceiver<object>(new OpenTransfer(settings.NodeName, instance.Server, instance.Name, required, settings.ChunkSize), ct);
            var transfer = opened switch
            {
                TransferOpened o => o,
                TransferRefused r => throw new PreflightException($"receiver refused the transfer: {r.Reason}"),
                _ => throw new PreflightException($"receiver answered OpenTransfer with {opened.GetType().Name}"),
            };

            try
            {
                var connection = await DataPlaneConnection.OpenAsync(
                    settings.Target.Host, transfer.DataPort, transfer.TransferId, node.Tls, node.ReceiverValidator, settings.Target.RequestTimeout, ct);
                return new PreflightPassed(facts, scan, archivePath, transfer, connection, instanceLock);
            }
            catch
            {
                transfer.Assembler.Tell(new AbortTransfer(transfer.TransferId, "pre-flight failed on the data plane"));
                throw;
            }
        }
        catch
        {
            instanceLock.Dispose();
            throw;
        }
    }

    private async Task<T> AskReceiver<T>(IProtocolMessage message, CancellationToken ct)
    {
        try
        {
            return await node.ReceiverClient.Ask<T>(new ClusterClient.Send(ReceiverGatewayPath, message, localAffinity: false), settings.Target.RequestTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            throw new PreflightException(
                $"receiver {settings.Target.ExpectedName} at {settings.Target.Host}:{settings.Target.Port} did not answer within {settings.Target.RequestTimeout.TotalSeconds:0} s " +
                "(down, unreachable, or the TLS handshake was refused: check both nodes' logs and certificates)");
        }
    }
}

public sealed record PreflightPassed(
    ServerFacts Facts, DataDirectoryScan Scan, string ArchivePath, TransferOpened Transfer, DataPlaneConnection Connection, InstanceLock Lock);
