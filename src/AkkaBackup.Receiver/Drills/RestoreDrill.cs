using System.Diagnostics;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Hot;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// A restore drill: pre-flight, restore into a scratch directory (the same restorers as <c>akkabackup restore</c>:
/// SHA-256 against the manifest, every entry's CRC, a hot backup extracted and prepared), a private server on it,
/// every table checked, the server stopped — and the scratch copy removed on every way out, a cancel included.
/// </summary>
public static class RestoreDrill
{
    /// <param name="progress">One line per step, for the console or the log.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the server is gone and the scratch copy removed.</exception>
    /// <exception cref="Core.Configuration.ConfigurationException">A manifest named or found cannot be read.</exception>
    public static async Task<DrillOutcome> RunAsync(DrillRequest request, Action<string> progress, CancellationToken ct)
    {
        var subject = DrillSubject.Of(request.ArchivePath, request.ManifestPath);
        var run = new DrillRun(subject, progress);
        DrillPlan plan;
        try
        {
            plan = DrillPreflight.Check(subject, request.ScratchRoot, request.ScratchReserve);
        }
        catch (DrillRefusedException e)
        {
            return run.Outcome(null, DrillStatus.Refused, e.Message);
        }
        catch (ArchiveException e)
        {
            return run.Outcome(null, DrillStatus.Failed, e.Message);
        }

        run.Done(DrillStage.Preflight);
        progress($"Pre-flight passed: the archive restores to {plan.RestoredBytes:N0} bytes, {plan.FreeBytes:N0} free in {Path.GetFullPath(request.ScratchRoot)}; server {plan.ServerBinary}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(request.Timeout);
        DrillScratch scratch;
        try
        {
            scratch = DrillScratch.Create(request.ScratchRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return run.Outcome(plan, DrillStatus.Refused, $"the scratch directory cannot be made in {request.ScratchRoot}: {e.Message}", failedAt: DrillStage.Preflight);
        }

        try
        {
            return await RunInAsync(run, plan, scratch, request, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return run.Outcome(plan, DrillStatus.Failed, $"the drill did not finish within its timeout ({request.Timeout}); it was stopped");
        }
        finally
        {
            if (scratch.Remove() is { } problem)
            {
                progress(problem);
            }
            else
            {
                progress($"Scratch copy {scratch.Directory} removed");
            }
        }
    }

    private static async Task<DrillOutcome> RunInAsync(DrillRun run, DrillPlan plan, DrillScratch scratch, DrillRequest request, CancellationToken ct)
    {
        DrillServer? server = null;
        try
        {
            run.Progress($"Restoring {plan.Subject.ArchivePath} into {scratch.DataDirectory}");
            var sha256 = await RestoreAsync(plan, scratch.DataDirectory, ct);
            run.Done(DrillStage.Restore);

            server = await DrillServer.StartAsync(plan.ServerBinary, scratch, request.StartTimeout, ct);
            run.Progress($"Private server {server.Version} answers on {scratch.SocketPath} (no networking)");
            run.Done(DrillStage.StartServer);

            var tables = await TableChecker.CheckAsync(server, t => run.Progress(TableLine(t)), ct);
            run.Done(DrillStage.CheckTables);

            await server.StopAsync(ct);
            run.Done(DrillStage.StopServer);

            var failed = tables.Where(t => !t.Passed).ToList();
            return failed.Count == 0
                ? run.Outcome(plan, DrillStatus.Passed, null, sha256, server.Version, tables)
                : run.Outcome(plan, DrillStatus.Failed, $"{failed.Count} of {tables.Count} tables failed: {string.Join("; ", failed.Select(TableLine))}", sha256, server.Version, tables, DrillStage.CheckTables);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            // A cancel (SIGTERM, the timeout) seen by a step as its own error (a query interrupted, a read cut): a cancel.
            throw new OperationCanceledException($"the drill was cancelled during: {e.Message}", e, ct);
        }
        catch (Exception e) when (e is ArchiveException or DrillServerException or HotBackupUnavailableException or ProcessStartException or IOException or UnauthorizedAccessException)
        {
            return run.Outcome(plan, DrillStatus.Failed, e.Message, serverVersion: server?.Version);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <returns>The SHA-256 the restore verified or computed; null for a hot archive without a manifest.</returns>
    private static async Task<string?> RestoreAsync(DrillPlan plan, string target, CancellationToken ct)
    {
        if (plan.HotTool is { } tool)
        {
            await HotBackupRestorer.RestoreAsync(tool, plan.Subject.ArchivePath, target, ct, plan.Subject.Manifest?.Sha256);
            return plan.Subject.Manifest?.Sha256;
        }

        var result = await ArchiveRestorer.RestoreAsync(plan.Subject.ArchivePath, target, new RestoreOptions(false, null, plan.Subject.Manifest?.Sha256, plan.Subject.Manifest?.Content), ct);
        return result.Sha256;
    }

    public static string TableLine(TableCheck t) =>
        $"{t.Table} ({t.Engine}): CHECK {t.Check}" +
        (t.SystemTable ? "" : t.Checksum is { } sum ? $", CHECKSUM {sum}" : $", CHECKSUM failed: {t.ChecksumError}");

    /// <summary>The clock and stages of one drill, and how its outcome is put together.</summary>
    private sealed class DrillRun(DrillSubject subject, Action<string> progress)
    {
        private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<DrillPhase> _phases = [];
        private TimeSpan _stageStart;

        public DrillStage Stage { get; private set; } = DrillStage.Preflight;

        public void Progress(string line) => progress(line);

        public void Done(DrillStage stage)
        {
            _phases.Add(new DrillPhase(stage, _clock.Elapsed - _stageStart));
            _stageStart = _clock.Elapsed;
            Stage = stage + 1;
        }

        public DrillOutcome Outcome(
            DrillPlan? plan, DrillStatus status, string? error, string? sha256 = null, string? serverVersion = null, IReadOnlyList<TableCheck>? tables = null, DrillStage? failedAt = null)
        {
            var identity = subject.Identity;
            return new DrillOutcome(
                subject.ArchivePath,
                identity?.Client,
                identity?.Instance,
                identity?.Type.Name(),
                sha256 ?? subject.Manifest?.Sha256,
                status,
                status == DrillStatus.Passed ? null : failedAt ?? Stage,
                error,
                _started,
                _clock.Elapsed,
                [.. _phases],
                serverVersion,
                plan?.RestoredBytes ?? 0,
                tables ?? []);
        }
    }
}
