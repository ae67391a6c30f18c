using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Archiving;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Archive;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Client.Archiving.CompressorMessages;
using static AkkaBackup.Client.Runs.CoordinatorMessages;
using static AkkaBackup.Client.Runs.RunProtocol;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// <c>/user/runs/run-&lt;id&gt;</c>: one backup run as a state machine,
/// Preflight → StoppingServer → Archiving → Transferring → StartingServer → Verifying → Cleaning → Done.
/// Every way out after the stop was issued passes through StartingServer (invariant 1); compression
/// starts only once the server is proven down (invariant 2); nothing is stopped before pre-flight
/// passed (invariant 3).
/// </summary>
public sealed class BackupCoordinator : ReceiveActor, IWithTimers
{
    private readonly string _runId;
    private readonly ClientSettings _settings;
    private readonly InstanceSettings _instance;
    private readonly ClientNodeContext _node;
    private readonly IActorRef _watcher;
    private readonly MySqlLifecycle _lifecycle;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _runClock = Stopwatch.StartNew();
    private readonly Stopwatch _phaseClock = Stopwatch.StartNew();
    private readonly List<PhaseTiming> _timings = [];
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    private RunPhase _phase = RunPhase.Preflight;
    private PreflightPassed? _preflight;
    private ArchiveResult? _archive;
    private bool _allAcknowledged;
    private bool _transferBroken;
    private bool _verifyPending;
    private bool _serverPhaseDone;
    private bool _serverAnswering = true;
    private TransferCompleted? _stored;
    private Stopwatch? _downtimeClock;
    private TimeSpan? _downtime;
    private RunPhase _failedPhase = RunPhase.Done;
    private string? _error;
    private string? _manualRecovery;
    private string? _cancelReason;
    private long _dataRead;
    private long _archiveBytes;
    private long _acknowledged;

    public BackupCoordinator(string runId, ClientSettings settings, InstanceSettings instance, ClientNodeContext node, IActorRef watcher)
    {
        _runId = runId;
        _settings = settings;
        _instance = instance;
        _node = node;
        _watcher = watcher;
        _lifecycle = new MySqlLifecycle(instance, ServiceControllers.For(instance));
        Preflighting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string runId, ClientSettings settings, InstanceSettings instance, ClientNodeContext node, IActorRef watcher) =>
        Akka.Actor.Props.Create(() => new BackupCoordinator(runId, settings, instance, node, watcher));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("progress", ReportProgress.Instance, TimeSpan.FromMilliseconds(500));
        new Preflight(_settings, _instance, _node).RunAsync(_cancel.Token)
            .PipeTo(Self, success: p => p, failure: e => new PreflightFailed(e));
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _preflight?.Lock.Dispose();
    }

    private void Preflighting()
    {
        Receive<PreflightPassed>(passed =>
        {
            _preflight = passed;
            if (_cancelReason is not null)
            {
                _ = passed.Connection.DisposeAsync();
                AbortTransfer("the run was cancelled");
                Conclude();
                return;
            }

            _log.Info("Run {0}: pre-flight passed (server {1}, {2:N0} bytes in {3:N0} files, transfer {4}); stopping the server",
                _runId, passed.Facts.Version, passed.Scan.TotalBytes, passed.Scan.FileCount, passed.Transfer.TransferId);
            EnterPhase(RunPhase.StoppingServer);
            _downtimeClock = Stopwatch.StartNew();
            _lifecycle.StopAsync(passed.Facts, _cancel.Token)
                .PipeTo(Self, success: () => ServerStopped.Instance, failure: e => new StopFailed(e));
            Become(Stopping);
        });
        Receive<PreflightFailed>(failed =>
        {
            if (_cancelReason is null || failed.Cause is not OperationCanceledException)
            {
                RecordFailure(RunPhase.Preflight, failed.Cause, "pre-flight failed, the server was not touched");
            }

            Conclude();
        });
        Receive<CancelRun>(cancel =>
        {
            Cancelled(cancel, "the server was not touched");
            _cancel.Cancel();
        });
        CommonHandlers();
    }

    private void Stopping()
    {
        Receive<ServerStopped>(_ =>
        {
            if (_cancelReason is not null)
            {
                AbortTransfer("the run was cancelled");
                RestoreServer();
                return;
            }

            var p = _preflight!;
            _log.Info("Run {0}: server proven down after {1} ms (process gone, port and socket closed); archiving", _runId, _phaseClock.ElapsedMilliseconds);
            EnterPhase(RunPhase.Archiving);
            var sender = Context.ActorOf(ChunkSender.Props(p.Connection, p.ArchivePath, _settings), ChunkSender.Name);
            var options = new ArchiveOptions(ChunkSize: _settings.ChunkSize, CompressionLevel: _settings.CompressionLevel, Parallelism: _settings.CompressionThreads);
            Context.ActorOf(Compressor.Props(_instance.DataDirectory, p.ArchivePath, options, sender), Compressor.Name);
            Become(Shipping);
        });
        Receive<StopFailed>(failed =>
        {
            RecordFailure(RunPhase.StoppingServer, failed.Cause, "stopping the server failed; nothing was archived");
            AbortTransfer("the server could not be stopped");
            RestoreServer();
        });

        // The stop is not interrupted: a half-done stop is the one state we could not reason about.
        Receive<CancelRun>(cancel => Cancelled(cancel, "the stop is finished first, then the server is started again"));
        CommonHandlers();
    }

    private void Shipping()
    {
        Receive<ArchivingProgress>(p =>
        {
            _dataRead = p.Progress.SourceBytesRead;
            _archiveBytes = p.Progress.ArchiveBytesWritten;
        });
        Receive<BytesAcknowledged>(b => _acknowledged = b.Total);
        Receive<ArchiveSealed>(sealedArchive =>
        {
            _archive = sealedArchive.Result;
            _archiveBytes = _archive.Length;
            _dataRead = _archive.DataBytes;
            _log.Info("Run {0}: Data.zip sealed: {1:N0} bytes, {2} chunks, SHA-256 {3}", _runId, _archive.Length, _archive.ChunkCount, _archive.Sha256);
            if (_transferBroken)
            {
                RestoreServer();
            }
            else if (_allAcknowledged)
            {
                StartServerAndVerify();
            }
            else
            {
                EnterPhase(RunPhase.Transferring);
            }
        });
        Receive<ArchiveFailed>(failed =>
        {
            RecordFailure(RunPhase.Archiving, failed.Cause, "compression failed; the partial archive was removed");
            StopChild(ChunkSender.Name);
            AbortTransfer("compression failed on the client");
            RestoreServer();
        });
        Receive<AllChunksAcknowledged>(_ =>
        {
            _allAcknowledged = true;
            if (_archive is not null)
            {
                StartServerAndVerify();
            }
        });
        Receive<TransferBroken>(broken =>
        {
            _transferBroken = true;
            RecordFailure(RunPhase.Transferring, broken.Cause, $"transfer failed: {broken.Reason}; Data.zip is kept for a retry");
            if (_archive is not null)
            {
                RestoreServer();
            }
        });
        Receive<CancelRun>(cancel =>
        {
            StopChild(ChunkSender.Name);
            _transferBroken = true;
            if (_archive is null)
            {
                Cancelled(cancel, "compression is stopped and the partial archive removed, then the server is started again");
                Context.Child(Compressor.Name).Tell(CancelCompression.Instance);
            }
            else
            {
                Cancelled(cancel, "Data.zip is kept; the server is started again");
                RestoreServer();
            }
        });
        CommonHandlers();
    }

    private void Finishing()
    {
        Receive<ServerStarted>(started =>
        {
            _downtime = _downtimeClock?.Elapsed;
            _serverPhaseDone = true;
            _log.Info("Run {0}: server answers SELECT 1 ({1}); downtime {2:0.000} s", _runId, started.WasStartedByUs ? "started" : "was already running", _downtime?.TotalSeconds ?? 0);
            AfterServerPhase();
        });
        Receive<StartFailed>(failed =>
        {
            _serverPhaseDone = true;
            _serverAnswering = false;
            _manualRecovery = _lifecycle.ManualRecoveryInstructions(_archive is not null ? _preflight!.ArchivePath : null);
            RecordFailure(RunPhase.StartingServer, failed.Cause, "THE SERVER COULD NOT BE STARTED");
            _log.Error("Run {0}: manual recovery needed:\n{1}", _runId, _manualRecovery);
            AfterServerPhase();
        });
        Receive<VerificationAnswer>(answer =>
        {
            _verifyPending = false;
            switch (answer.Answer)
            {
                case TransferCompleted completed:
                    _stored = completed;
                    _log.Info("Run {0}: receiver verified and stored {1}", _runId, completed.StoredPath);
                    break;
                case TransferFailed failed:
                    RecordFailure(RunPhase.Verifying, null, $"the receiver could not verify the archive: {failed.Reason}; Data.zip is kept");
                    break;
                case Status.Failure f:
                    RecordFailure(RunPhase.Verifying, f.Cause, "no verification answer from the receiver; Data.zip is kept");
                    break;
            }

            if (_serverPhaseDone)
            {
                Conclude();
            }
        });
        Receive<ArchivingProgress>(_ => { });
        Receive<BytesAcknowledged>(b => _acknowledged = b.Total);
        Receive<TransferBroken>(_ => { });
        Receive<AllChunksAcknowledged>(_ => { });
        Receive<CancelRun>(cancel =>
        {
            Cancelled(cancel, _serverPhaseDone ? "the receiver's verification is abandoned; Data.zip is kept" : "the server start is finished first");
            if (_serverPhaseDone)
            {
                _verifyPending = false;
                Conclude();
            }
        });
        CommonHandlers();
    }

    private void CommonHandlers()
    {
        Receive<ReportProgress>(_ => _watcher.Tell(new RunProgress(
            _runId, _phase, _dataRead, _preflight?.Scan.TotalBytes ?? 0, _archiveBytes, _acknowledged, _archive is not null, _runClock.Elapsed)));
    }

    private void StartServerAndVerify()
    {
        var p = _preflight!;
        var archive = _archive!;
        EnterPhase(RunPhase.StartingServer);
        var description = new ArchiveDescription(
            Environment.MachineName, _instance.Server, _instance.Name, p.Facts.Version, _instance.DataDirectory,
            archive.DataBytes, archive.FileCount, "zip/deflate", _startedAt, _timings.ToList());
        _verifyPending = true;
        p.Transfer.Assembler
            .Ask<object>(new CompleteTransfer(p.Transfer.TransferId, archive.Length, archive.ChunkCount, archive.Sha256, description), _settings.Target.VerifyTimeout)
            .PipeTo(Self, success: a => new VerificationAnswer(a), failure: e => new VerificationAnswer(new Status.Failure(e)));
        _lifecycle.StartAsync(_cancel.Token).PipeTo(Self, success: () => new ServerStarted(true), failure: e => new StartFailed(e));
        Become(Finishing);
    }

    /// <summary>The failure path after the stop was issued: bring the server back, whatever happened.</summary>
    private void RestoreServer()
    {
        EnterPhase(RunPhase.StartingServer);
        _lifecycle.EnsureRunningAsync(CancellationToken.None)
            .PipeTo(Self, success: started => new ServerStarted(started), failure: e => new StartFailed(e));
        Become(Finishing);
    }

    private void AfterServerPhase()
    {
        if (_verifyPending && _cancelReason is null)
        {
            EnterPhase(RunPhase.Verifying);
        }
        else
        {
            Conclude();
        }
    }

    private void Conclude()
    {
        var archivePath = _preflight?.ArchivePath;
        string? kept = null;
        if (_error is null)
        {
            EnterPhase(RunPhase.Cleaning);
            File.Delete(archivePath!);
            EnterPhase(RunPhase.Done);
        }
        else
        {
            kept = archivePath is not null && _archive is not null && File.Exists(archivePath) ? archivePath : null;
            EnterPhase(RunPhase.Failed);
        }

        var report = new RunReport(
            _runId, _instance.Name, _error is null, _failedPhase, _error, _stored?.StoredName, _stored?.StoredPath,
            _archive?.Sha256, _archive?.Length ?? 0, _archive?.DataBytes ?? _preflight?.Scan.TotalBytes ?? 0, _downtime,
            _runClock.Elapsed, _timings.ToList(), _serverAnswering, _manualRecovery, kept);
        if (report.Succeeded)
        {
            _log.Info("Run {0} of {1} succeeded: {2} ({3:N0} bytes), downtime {4:0.000} s, total {5:0.0} s",
                _runId, _instance.Name, report.StoredPath, report.ArchiveBytes, report.Downtime?.TotalSeconds ?? 0, report.Duration.TotalSeconds);
        }
        else
        {
            _log.Error("Run {0} of {1} FAILED in {2}: {3}{4}", _runId, _instance.Name, _failedPhase, _error, kept is null ? "" : $" (archive kept at {kept})");
        }

        _watcher.Tell(new RunFinished(report));
        Context.Stop(Self);
    }

    private void StopChild(string name)
    {
        var child = Context.Child(name);
        if (!child.IsNobody())
        {
            Context.Stop(child);
        }
    }

    private void Cancelled(CancelRun cancel, string consequence)
    {
        if (_cancelReason is not null)
        {
            return;
        }

        _cancelReason = cancel.Reason;
        RecordFailure(_phase, null, $"cancelled in {_phase} ({cancel.Reason}): {consequence}");
    }

    private void RecordFailure(RunPhase phase, Exception? cause, string summary)
    {
        var message = cause is null ? summary : $"{summary}: {cause.Message}";
        if (cause is null)
        {
            _log.Error("Run {0}: {1}", _runId, message);
        }
        else
        {
            _log.Error(cause, "Run {0}: {1}", _runId, message);
        }

        if (_error is null)
        {
            _error = message;
            _failedPhase = phase;
        }
        else
        {
            _error += $"; then {message}";
        }
    }

    private void AbortTransfer(string reason)
    {
        if (_preflight is { } p)
        {
            p.Transfer.Assembler.Tell(new AbortTransfer(p.Transfer.TransferId, reason));
        }
    }

    private void EnterPhase(RunPhase next)
    {
        _timings.Add(Timing(_phase, _phaseClock.Elapsed));
        _phase = next;
        _phaseClock.Restart();
    }
}
