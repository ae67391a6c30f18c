using System.Diagnostics;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// Every check that must pass before the server is stopped (invariant 3): credentials, data directory, what
/// the backup type needs (<see cref="TypePreflight"/>), local space, no other run on the instance, the receiver reachable, authenticated and with room, a
/// transfer slot on the receiver (waiting for one in its queue, cancellable, if they are all taken), a
/// transfer opened and its data-plane connection established.
/// </summary>
/// <param name="ticket">The run id: keeps this run's place in the receiver's admission queue.</param>
/// <param name="waiting">Told each time the receiver answers "wait" (progress, log).</param>
public sealed class Preflight(ClientSettings settings, InstanceSettings instance, ClientNodeContext node, string ticket, Action<WaitForAdmission> waiting)
{
    private readonly ReceiverLink _receiver = node.Receivers.For(settings.Target);

    // Runs while the receiver keeps this run waiting for a slot: that wait has its own admission-timeout
    // and does not count against preflight-timeout (2 min by default, against 2 h for admission).
    private readonly Stopwatch _admissionWait = new();

    /// <summary>
    /// Every check, within <see cref="ClientSettings.PreflightTimeout"/> (not counting the wait for a transfer
    /// slot, which has its own admission-timeout). A check that hangs (a server that accepts connections but
    /// never answers, a stuck file system) fails pre-flight like any other failure: the server is not touched.
    /// What a hung (or cancelled) check still holds when it comes back is released then.
    /// </summary>
    public async Task<PreflightPassed> RunAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var checks = RunChecksAsync(deadline.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                var left = settings.PreflightTimeout - (clock.Elapsed - _admissionWait.Elapsed);
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                if (await Task.WhenAny(checks, Task.Delay(left, ct)) == checks)
                {
                    return await checks;
                }

                ct.ThrowIfCancellationRequested();
            }
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !checks.IsCompleted))
        {
            await deadline.CancelAsync();
            _ = checks.ContinueWith(late => Release(late.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new PreflightException($"pre-flight did not finish within preflight-timeout = {settings.PreflightTimeout.TotalSeconds:0.###} s (a check hangs: the server, its data directory or the receiver)");
        }
    }

    private void Release(PreflightPassed passed)
    {
        // The run has failed already; the abort is asked all the same, bounded like any other.
        _ = TransferAbort.SendAsync(_receiver, passed.Transfer.TransferId, "pre-flight timed out on the client", TransferAbort.WaitFor(settings.Target));
        _ = passed.Connection.DisposeAsync();
        passed.Lock.Dispose();
    }

    private async Task<PreflightPassed> RunChecksAsync(CancellationToken ct)
    {
        // Sizing the data directory (a walk and 32 deflated samples, reads only) goes on while the server and the
        // type are checked; its result, or its error, is taken in the order below, so the first failing check is still
        // the one reported. It is cancelled when an earlier check fails.
        using var sizingCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sizing = Task.Run(() => Size(sizingCancel.Token), sizingCancel.Token);
        try
        {
            return await RunChecksAsync(sizing, ct);
        }
        finally
        {
            await sizingCancel.CancelAsync();
            await sizing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task<PreflightPassed> RunChecksAsync(Task<(DataDirectoryScan Scan, ArchiveSizeEstimate Estimate, string Steps)> sizing, CancellationToken ct)
    {
        var steps = new PreflightSteps();
        var facts = await MySqlProbe.InspectAsync(instance, ct);
        steps.Done("server");
        if (!DataDirectories.Same(facts.DataDirectory, instance.DataDirectory))
        {
            throw new PreflightException($"the server says @@datadir = '{facts.DataDirectory}' but data-directory is configured as '{instance.DataDirectory}': refusing to back up the wrong directory");
        }

        var typePlan = await TypePreflight.CheckAsync(instance, ticket, settings.HotBackupTool, settings.SnapshotTools, ct);
        steps.Done(instance.Type.Name());
        var staging = Path.Combine(settings.StagingDirectory, instance.Name);
        Directory.CreateDirectory(staging);
        var archivePath = Path.Combine(staging, instance.Type.StagedName());
        if (Enum.GetValues<BackupType>().Select(t => Path.Combine(staging, t.StagedName())).FirstOrDefault(File.Exists) is { } kept)
        {
            throw new PreflightException($"a kept archive from an earlier failed transfer exists at {kept}; it is a complete backup: copy it away or delete it before the next run");
        }

        var instanceLock = InstanceLock.Acquire(staging, instance.Name);
        try
        {
            var (scan, estimate, sized) = await sizing;
            steps.Done($"sizing ({sized}, beside the checks before)");
            var localFree = new DriveInfo(staging).AvailableFreeSpace;
            if (localFree < estimate.Bytes)
            {
                throw new PreflightException($"not enough local space for the archive in {staging}: {localFree:N0} bytes free, the archive is estimated at {estimate}");
            }

            var check = await AskReceiver<ReceiverChecked>(new CheckReceiver(estimate.Bytes), ct);
            if (!check.Accepted)
            {
                throw new PreflightException($"receiver refused: {check.Reason}");
            }

            steps.Done("receiver");

            var upTo = ArchiveSizeEstimate.UpperBound(scan.TotalBytes, scan.Entries.Count);
            var transfer = await OpenWhenAdmittedAsync(
                new OpenTransfer(instance.Server, instance.Name, upTo, settings.ChunkSize, ticket, Placement: settings.Target.Placement, ExpectedBytes: estimate.Bytes), ct);
            steps.Done("open transfer");

            try
            {
                var connection = await DataPlaneConnection.OpenAsync(
                    settings.Target.Host, transfer.DataPort, transfer.TransferId, node.Tls, _receiver.DataPlaneValidator, settings.Target.RequestTimeout, ct);
                steps.Done("data plane");
                return new PreflightPassed(facts, scan, estimate, archivePath, transfer, connection, instanceLock, typePlan, steps.ToString());
            }
            catch
            {
                // Awaited: the run fails (and a one-shot node exits) only once the receiver had the chance to drop it.
                await TransferAbort.SendAsync(_receiver, transfer.TransferId, "pre-flight failed on the data plane", TransferAbort.WaitFor(settings.Target));
                throw;
            }
        }
        catch
        {
            instanceLock.Dispose();
            throw;
        }
    }

    /// <summary>Walks the data directory (every file readable) and estimates the archive from samples.</summary>
    private (DataDirectoryScan Scan, ArchiveSizeEstimate Estimate, string Steps) Size(CancellationToken ct)
    {
        var steps = new PreflightSteps();
        try
        {
            var scan = DataDirectoryScanner.Scan(instance.DataDirectory);
            steps.Done("scan");
            var estimate = CompressionSampler.Estimate(scan, settings.CompressionLevel, settings.SpaceMarginPercent, ct);
            steps.Done("estimate");
            return (scan, estimate, steps.ToString());
        }
        catch (ArchiveException e)
        {
            throw new PreflightException($"data directory {instance.DataDirectory} is not readable: {e.Message}", e);
        }
    }

    /// <summary>Asks for the transfer until the receiver admits it; the server is untouched all the while.</summary>
    private async Task<TransferOpened> OpenWhenAdmittedAsync(OpenTransfer open, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + settings.Target.AdmissionTimeout;
        try
        {
            return await AskUntilAdmittedAsync(open, deadline, ct);
        }
        finally
        {
            _admissionWait.Stop();
        }
    }

    private async Task<TransferOpened> AskUntilAdmittedAsync(OpenTransfer open, DateTimeOffset deadline, CancellationToken ct)
    {
        while (true)
        {
            var answer = await AskReceiver<object>(open, ct);
            switch (answer)
            {
                case TransferOpened opened:
                    return opened;
                case TransferRefused r:
                    throw new PreflightException($"receiver refused the transfer: {r.Reason}");
                case WaitForAdmission wait when DateTimeOffset.UtcNow + settings.Target.AdmissionPoll > deadline:
                    throw new PreflightException(
                        $"no transfer slot on receiver {settings.Target.ExpectedName} within admission-timeout {settings.Target.AdmissionTimeout} (last: position {wait.Position}, {wait.Reason})");
                case WaitForAdmission wait:
                    waiting(wait);
                    _admissionWait.Start();
                    await Task.Delay(settings.Target.AdmissionPoll, ct);
                    break;
                default:
                    throw new PreflightException($"receiver answered OpenTransfer with {answer.GetType().Name}");
            }
        }
    }

    private async Task<T> AskReceiver<T>(IProtocolMessage message, CancellationToken ct)
    {
        try
        {
            return await _receiver.AskAsync<T>(message, settings.Target.RequestTimeout, ct);
        }
        catch (ReceiverUnreachableException e)
        {
            throw new PreflightException(e.Message);
        }
    }
}

/// <param name="Steps">How long each check took ("server 12 ms, hot 85 ms, …"), for the log: where a slow pre-flight spends its time.</param>
public sealed record PreflightPassed(
    ServerFacts Facts, DataDirectoryScan Scan, ArchiveSizeEstimate Estimate, string ArchivePath, TransferOpened Transfer, DataPlaneConnection Connection, InstanceLock Lock, TypePlan Type,
    string Steps = "");
