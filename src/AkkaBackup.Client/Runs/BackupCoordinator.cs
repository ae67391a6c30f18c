using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaBackup.Client.Archiving;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Archive;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Client.Archiving.CompressorMessages;
using static AkkaBackup.Client.Runs.CoordinatorMessages;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// <c>/user/runs/run-&lt;id&gt;</c>: one backup run, persistent (id <c>run-&lt;id&gt;</c>).
/// Preflight → StoppingServer → Archiving → Transferring → StartingServer → Verifying → Cleaning → Done.
/// Every way out after the stop was issued passes through StartingServer (invariant 1); the stop is
/// journalled before it is issued, so a node that crashed mid-run starts the server first when it comes
/// back, then resumes the transfer from the sealed Data.zip or removes a partial one. Compression starts
/// only once the server is proven down (invariant 2); nothing is stopped before pre-flight passed (invariant 3).
/// </summary>
public sealed class BackupCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly string _runId;
    private readonly ClientSettings _settings;
    private readonly InstanceSettings _instance;
    private readonly ClientNodeContext _node;
    private readonly IActorRef _watcher;
    private readonly bool _recovering;
    private readonly MySqlLifecycle _lifecycle;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _runClock = Stopwatch.StartNew();
    private readonly Stopwatch _phaseClock = Stopwatch.StartNew();
    private readonly List<PhaseTiming> _timings = [];
    private TransferLedger _ledger = new();

    // Recovered from the journal.
    private RunBegan? _began;
    private StopIssued? _stopIssued;
    private ArchiveWasSealed? _sealed;
    private string? _transferId;
    private bool _serverAnsweredAfterStop;
    private RunEnded? _ended;

    private RunPhase _phase = RunPhase.Preflight;
    private PreflightPassed? _preflight;
    private bool _archiveFailed;
    private bool _serverStartRequested;
    private bool _serverPhaseDone;
    private bool _serverAnswering = true;
    private bool _transferDone;
    private bool _finishSent;
    private TransferCompleted? _stored;
    private Stopwatch? _downtimeClock;
    private TimeSpan? _downtime;
    private RunPhase _failedPhase = RunPhase.Done;
    private string? _error;
    private string? _errorDetail;
    private string? _manualRecovery;
    private string? _cancelReason;
    private long _dataRead;
    private long _archiveBytes;
    private WaitForAdmission? _admissionWait;

    /// <param name="recovering">
    /// True when the node restarts a run found open in its journal (or an operator retries a pending
    /// transfer): the server is brought back first, then the transfer resumes from the kept archive.
    /// </param>
    public BackupCoordinator(string runId, ClientSettings settings, InstanceSettings instance, ClientNodeContext node, IActorRef watcher, bool recovering)
    {
        _runId = runId;
        _settings = settings;
        _instance = instance;
        _node = node;
        _watcher = watcher;
        _recovering = recovering;
        _lifecycle = new MySqlLifecycle(instance, ServiceControllers.For(instance));

        Recover<RunBegan>(e => _began = e);
        Recover<StopIssued>(e =>
        {
            _stopIssued = e;
            _transferId = e.TransferId;
        });
        Recover<ArchiveWasSealed>(e => _sealed = e);
        Recover<TransferIdChanged>(e => _transferId = e.TransferId);
        Recover<ServerAnswering>(_ => _serverAnsweredAfterStop = true);
        Recover<RunEnded>(e => _ended = e);
        Recover<RecoveryCompleted>(_ => Recovered());
        CommandAny(_ => Stash.Stash());
    }

    public override string PersistenceId => "run-" + _runId;

    public ITimerScheduler Timers { get; set; } = null!;

    private string? ArchivePath => _preflight?.ArchivePath ?? _stopIssued?.ArchivePath;

    public static Props Props(string runId, ClientSettings settings, InstanceSettings instance, ClientNodeContext node, IActorRef watcher, bool recovering = false) =>
        Akka.Actor.Props.Create(() => new BackupCoordinator(runId, settings, instance, node, watcher, recovering));

    protected override void PostStop()
    {
        _cancel.Cancel();
        _preflight?.Lock.Dispose();
        base.PostStop();
    }

    private void Recovered()
    {
        Timers.StartPeriodicTimer("progress", ReportProgress.Instance, TimeSpan.FromMilliseconds(500));
        if (!_recovering)
        {
            Persist(new RunBegan(_runId, _instance.Name, DateTimeOffset.UtcNow), e =>
            {
                _began = e;
                var self = Self;
                new Preflight(_settings, _instance, _node, _runId, wait => self.Tell(wait)).RunAsync(_cancel.Token)
                    .PipeTo(Self, success: p => p, failure: e => new PreflightFailed(e));
                Become(Preflighting);
                Stash.UnstashAll();
            });
            return;
        }

        ResumeAfterRestart();
        Stash.UnstashAll();
    }

    private void ResumeAfterRestart()
    {
        if (_stopIssued is null)
        {
            _log.Warning("Run {0} of {1}: the node stopped during pre-flight; the server was never touched", _runId, _instance.Name);
            RecordFailure(RunPhase.Preflight, null, "the client node stopped during pre-flight; the server was not touched");
            Conclude();
            return;
        }

        _log.Warning("Run {0} of {1} was interrupted ({2}); making sure the server runs, then {3}", _runId, _instance.Name,
            _ended is null ? "the client node stopped mid-run" : "pending transfer retried",
            _sealed is not null ? $"resuming transfer {_transferId} from {_stopIssued.ArchivePath}" : "removing the partial archive");
        _downtimeClock = _serverAnsweredAfterStop ? null : Stopwatch.StartNew();
        EnterPhase(RunPhase.StartingServer);
        _serverStartRequested = true;
        _lifecycle.EnsureRunningAsync(CancellationToken.None)
            .PipeTo(Self, success: started => new ServerStarted(started), failure: e => new StartFailed(e));
        if (_sealed is null)
        {
            _archiveFailed = true;
            _transferDone = true;
            DeletePartialArchive(_stopIssued.ArchivePath);
            AbandonOnReceiver(_stopIssued.TransferId);
            RecordFailure(RunPhase.Archiving, null, "the client node stopped after the server stop was issued and before Data.zip was sealed; the partial archive was removed");
        }
        else
        {
            var sealedArchive = _sealed;
            var path = _stopIssued.ArchivePath;
            var chunkSize = _stopIssued.ChunkSize;
            KeptArchive.LoadAsync(path, sealedArchive.Length, chunkSize, _cancel.Token)
                .PipeTo(Self, success: ledger => new KeptArchiveLoaded(ledger), failure: e => new TransferBroken(e.Message, e));
        }

        Become(Shipping);
    }

    private void Preflighting()
    {
        Command<WaitForAdmission>(wait =>
        {
            if (_admissionWait?.Position != wait.Position)
            {
                _log.Info("Run {0}: waiting for a transfer slot on the receiver, position {1} in its queue ({2}); the server is not stopped while waiting",
                    _runId, wait.Position, wait.Reason);
            }

            _admissionWait = wait;
        });
        Command<PreflightPassed>(passed =>
        {
            _admissionWait = null;
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

            // Journalled before the stop is issued: from here on a restarted node knows the server may be down.
            Persist(new StopIssued(passed.Transfer.TransferId, passed.ArchivePath, _settings.ChunkSize, passed.Facts.Version, DateTimeOffset.UtcNow), e =>
            {
                _stopIssued = e;
                _transferId = e.TransferId;
                EnterPhase(RunPhase.StoppingServer);
                _downtimeClock = Stopwatch.StartNew();
                _lifecycle.StopAsync(passed.Facts, _cancel.Token)
                    .PipeTo(Self, success: () => ServerStopped.Instance, failure: e => new StopFailed(e));
                Become(Stopping);
            });
        });
        Command<PreflightFailed>(failed =>
        {
            if (_cancelReason is null || failed.Cause is not OperationCanceledException)
            {
                RecordFailure(RunPhase.Preflight, failed.Cause, "pre-flight failed, the server was not touched");
            }

            Conclude();
        });
        Command<CancelRun>(cancel =>
        {
            Cancelled(cancel, "the server was not touched");
            _cancel.Cancel();
        });
        CommonCommands();
    }

    private void Stopping()
    {
        Command<ServerStopped>(_ =>
        {
            if (_cancelReason is not null)
            {
                AbortTransfer("the run was cancelled");
                _archiveFailed = true;
                _transferDone = true;
                StartServer();
                Become(Shipping);
                return;
            }

            var p = _preflight!;
            _log.Info("Run {0}: server proven down after {1} ms (process gone, port and socket closed); archiving", _runId, _phaseClock.ElapsedMilliseconds);
            EnterPhase(RunPhase.Archiving);
            var target = new TransferTarget(p.Transfer.TransferId, p.Transfer.DataPort);
            var sender = Context.ActorOf(ChunkSender.Props(_settings, _node, target, p.ArchivePath, _ledger, p.Connection, ReopenRequest()), ChunkSender.Name);
            var options = new ArchiveOptions(ChunkSize: _settings.ChunkSize, CompressionLevel: _settings.CompressionLevel, Parallelism: _settings.CompressionThreads);
            var watch = new ArchiveWatch(_settings.ArchiveStallTimeout, _settings.TestHooks.ArchiveStallAfterChunks, _settings.TestHooks.ArchiveChunkDelay);
            Context.ActorOf(Compressor.Props(_instance.DataDirectory, p.ArchivePath, options, sender, watch), Compressor.Name);
            Become(Shipping);
        });
        Command<StopFailed>(failed =>
        {
            RecordFailure(RunPhase.StoppingServer, failed.Cause, "stopping the server failed; nothing was archived");
            AbortTransfer("the server could not be stopped");
            _archiveFailed = true;
            _transferDone = true;
            StartServer();
            Become(Shipping);
        });

        // The stop is not interrupted: a half-done stop is the one state we could not reason about.
        Command<CancelRun>(cancel => Cancelled(cancel, "the stop is finished first, then the server is started again"));
        CommonCommands();
    }

    /// <summary>Archive, transfer and server start run side by side here; the run concludes when all three are settled.</summary>
    private void Shipping()
    {
        Command<ArchivingProgress>(p =>
        {
            _dataRead = p.Progress.SourceBytesRead;
            _archiveBytes = p.Progress.ArchiveBytesWritten;
        });
        Command<ArchiveSealed>(sealedArchive =>
        {
            var a = sealedArchive.Result;
            _archiveBytes = a.Length;
            _dataRead = a.DataBytes;
            _log.Info("Run {0}: Data.zip sealed: {1:N0} bytes, {2} chunks, SHA-256 {3}", _runId, a.Length, a.ChunkCount, a.Sha256);
            Persist(new ArchiveWasSealed(a.Length, a.Sha256, a.ChunkCount, a.DataBytes, a.FileCount), e =>
            {
                _sealed = e;
                RecordResumeToken();

                // AllChunksAcknowledged may have come first (it is sent by the chunk sender, this by the compressor):
                // then the server is started here, not only after the receiver's verification.
                if (_transferDone || _settings.RestartAfter == RestartAfter.Archive || _ledger.AllAcknowledged.IsCompleted)
                {
                    StartServer();
                }
                else if (_phase == RunPhase.Archiving)
                {
                    EnterPhase(RunPhase.Transferring);
                }

                SendFinishIfReady();
                ConcludeIfSettled();
            });
        });
        Command<ArchiveFailed>(failed =>
        {
            RecordFailure(RunPhase.Archiving, failed.Cause, _cancelReason is null ? "compression failed; the partial archive was removed" : "compression stopped; the partial archive was removed");
            StopChild(ChunkSender.Name);
            AbortTransfer("compression failed on the client");
            _archiveFailed = true;
            _transferDone = true;
            StartServer();
            ConcludeIfSettled();
        });
        Command<KeptArchiveLoaded>(loaded =>
        {
            _ledger = loaded.Ledger;
            var target = new TransferTarget(_transferId!, 0);
            var sender = Context.ActorOf(ChunkSender.Props(_settings, _node, target, _stopIssued!.ArchivePath, loaded.Ledger, null, ReopenRequest()), ChunkSender.Name);
            _archiveBytes = _sealed!.Length;
            _dataRead = _sealed.DataBytes;
            RecordResumeToken();
            sender.Tell(Finish());
            _finishSent = true;
        });
        Command<BytesAcknowledged>(_ => { });
        Command<AllChunksAcknowledged>(_ =>
        {
            if (_sealed is not null)
            {
                StartServer();
            }

            SendFinishIfReady();
        });
        Command<TransferStalled>(stalled =>
        {
            if (_sealed is not null && !_serverStartRequested)
            {
                _log.Warning("Run {0}: no chunk acknowledged for {1:0} s ({2}); starting the server now, the transfer goes on from Data.zip",
                    _runId, stalled.For.TotalSeconds, stalled.LastError);
                StartServer();
            }
        });
        Command<TransferReopened>(reopened =>
        {
            _log.Warning("Run {0}: transfer {1} is unknown to the receiver ({2}); sending the archive again as transfer {3}",
                _runId, reopened.OldTransferId, reopened.Reason, reopened.NewTransferId);
            Persist(new TransferIdChanged(reopened.NewTransferId), e =>
            {
                _transferId = e.TransferId;
                RecordResumeToken();
            });
        });
        Command<TransferStored>(stored =>
        {
            _stored = stored.Completed;
            _transferDone = true;
            _log.Info("Run {0}: receiver verified and stored {1}", _runId, stored.Completed.StoredPath);
            StartServer();
            ConcludeIfSettled();
        });
        Command<TransferBroken>(broken =>
        {
            _transferDone = true;
            RecordFailure(_phase is RunPhase.Archiving or RunPhase.Transferring ? RunPhase.Transferring : _phase, broken.Cause,
                $"transfer failed: {broken.Reason}; Data.zip is kept for a retry");
            if (_sealed is not null || _archiveFailed)
            {
                StartServer();
            }

            ConcludeIfSettled();
        });
        Command<ServerStarted>(started =>
        {
            _downtime = _downtimeClock?.Elapsed;
            _serverPhaseDone = true;
            _log.Info("Run {0}: server answers SELECT 1 ({1}); downtime {2:0.000} s", _runId, started.WasStartedByUs ? "started" : "was already running", _downtime?.TotalSeconds ?? 0);
            Persist(new ServerAnswering(DateTimeOffset.UtcNow), _ =>
            {
                _serverAnsweredAfterStop = true;
                if (!_transferDone && _phase == RunPhase.StartingServer)
                {
                    EnterPhase(_sealed is not null && _ledger.IsSealed && !_finishSent ? RunPhase.Transferring : RunPhase.Verifying);
                }

                ConcludeIfSettled();
            });
        });
        Command<StartFailed>(failed =>
        {
            _serverPhaseDone = true;
            _serverAnswering = false;
            _manualRecovery = _lifecycle.ManualRecoveryInstructions(_sealed is not null ? ArchivePath : null);
            RecordFailure(RunPhase.StartingServer, failed.Cause, "THE SERVER COULD NOT BE STARTED");
            _log.Error("Run {0}: manual recovery needed:\n{1}", _runId, _manualRecovery);
            ConcludeIfSettled();
        });
        Command<CancelRun>(cancel =>
        {
            // The receiver holds the whole archive (verifying or already stored it); the server start is under way either way.
            // Dropping the transfer now would throw away a complete backup and save nothing, so the run finishes as it would have.
            if (_stored is not null || (_finishSent && !_transferDone && _ledger.AllAcknowledged.IsCompleted))
            {
                _log.Warning("Run {0}: cancel ({1}) arrived in {2}, after the receiver had all of Data.zip; the run finishes with the receiver's verdict",
                    _runId, cancel.Reason, _phase);
                Sender.Tell(new CancelDeclined(_runId, _stored is not null
                    ? $"it came too late: the receiver already stored its archive ({_stored.StoredName}); the run finishes once its server answers"
                    : "it came too late: the receiver already holds all of its archive and is verifying it; the run finishes with the receiver's verdict"));
                return;
            }

            StopChild(ChunkSender.Name);
            _transferDone = true;
            if (_sealed is null && !_archiveFailed && !Context.Child(Compressor.Name).IsNobody())
            {
                Cancelled(cancel, "compression is stopped and the partial archive removed, then the server is started again");
                Context.Child(Compressor.Name).Tell(CancelCompression.Instance);
            }
            else
            {
                Cancelled(cancel, _sealed is not null ? "Data.zip is kept; the server is started again" : "the server is started again");
                StartServer();
                ConcludeIfSettled();
            }
        });
        CommonCommands();
    }

    private void CommonCommands()
    {
        Command<ReportProgress>(_ => _watcher.Tell(new RunProgress(
            _runId, _phase, _dataRead, _preflight?.Scan.TotalBytes ?? _sealed?.DataBytes ?? 0, _archiveBytes, _ledger.BytesAcknowledged, _sealed is not null, _runClock.Elapsed,
            _admissionWait is { } w ? $"waiting for receiver slot (position {w.Position})" : null)));
    }

    /// <summary>Starts the server once per run (or proves it already answers); never before the stop was issued.</summary>
    private void StartServer()
    {
        if (_serverStartRequested)
        {
            return;
        }

        _serverStartRequested = true;
        EnterPhase(RunPhase.StartingServer);
        var start = _error is null && _cancelReason is null
            ? _lifecycle.StartAsync(CancellationToken.None).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; })
            : _lifecycle.EnsureRunningAsync(CancellationToken.None);
        start.PipeTo(Self, success: started => new ServerStarted(started), failure: e => new StartFailed(e));
    }

    /// <summary>
    /// Saves this run's resume token and sealed Data.zip in the store's pending transfers, where an operator
    /// sees them; the row goes when the run ends without a kept archive. Before the seal there is nothing to
    /// resume (a partial archive is removed), so nothing is saved.
    /// </summary>
    private void RecordResumeToken()
    {
        if (_sealed is null || _transferId is null || ArchivePath is not { } path)
        {
            return;
        }

        var target = _settings.Target;
        var address = $"{target.ExpectedName}@{target.Host}:{target.Port}";
        var receiver = target.Name.Length > 0 ? $"{target.Name} ({address})" : address;
        _node.RunLog.Tell(new RunLogWriter.TransferIssued(new AkkaBackup.Store.Transfers.PendingTransfer(
            _runId, _instance.Name, _transferId, receiver, path, _sealed.Sha256, _sealed.Length, DateTimeOffset.UtcNow, Attempts: 0, LastError: null)));
    }

    private void SendFinishIfReady()
    {
        if (_finishSent || _sealed is null || _transferDone || !_ledger.AllAcknowledged.IsCompleted)
        {
            return;
        }

        _finishSent = true;
        Context.Child(ChunkSender.Name).Tell(Finish());
    }

    private FinishTransfer Finish()
    {
        var description = new ArchiveDescription(
            Environment.MachineName, _instance.Server, _instance.Name, _preflight?.Facts.Version ?? _stopIssued?.ServerVersion ?? "", _instance.DataDirectory,
            _sealed!.DataBytes, _sealed.FileCount, "zip/deflate", _began?.At ?? DateTimeOffset.UtcNow, _timings.ToList(), _runId, "full", "all", _settings.Target.Placement);
        return new FinishTransfer(_sealed.Length, _sealed.ChunkCount, _sealed.Sha256, description);
    }

    /// <summary>A fresh transfer of the sealed archive; the sender names the transfer the receiver forgot when it sends this.</summary>
    private OpenTransfer ReopenRequest() =>
        new(_instance.Server, _instance.Name, ArchiveSizeEstimate.UpperBound(_sealed?.Length ?? _preflight?.Scan.TotalBytes ?? 0, 1),
            _stopIssued?.ChunkSize ?? _settings.ChunkSize, _runId, Placement: _settings.Target.Placement);

    private void ConcludeIfSettled()
    {
        if (_serverPhaseDone && _transferDone && (_sealed is not null || _archiveFailed))
        {
            Conclude();
        }
    }

    private void Conclude()
    {
        var archivePath = ArchivePath;
        string? kept = null;
        if (_error is null)
        {
            EnterPhase(RunPhase.Cleaning);
            File.Delete(archivePath!);
            EnterPhase(RunPhase.Done);
        }
        else
        {
            kept = archivePath is not null && _sealed is not null && File.Exists(archivePath) ? archivePath : null;
            EnterPhase(RunPhase.Failed);
        }

        var report = new RunReport(
            _runId, _instance.Name, _error is null, _failedPhase, _error, _stored?.StoredName, _stored?.StoredPath,
            _sealed?.Sha256, _sealed?.Length ?? 0, _sealed?.DataBytes ?? _preflight?.Scan.TotalBytes ?? 0, _downtime,
            _runClock.Elapsed, _timings.ToList(), _serverAnswering, _manualRecovery, kept, _ledger.ChunksResent, _cancelReason is not null, _errorDetail);
        if (report.Succeeded)
        {
            _log.Info($"Run {_runId} of {_instance.Name} succeeded: {report.StoredPath} ({report.ArchiveBytes:N0} bytes), downtime {report.Downtime?.TotalSeconds ?? 0:0.000} s, " +
                $"total {report.Duration.TotalSeconds:0.0} s, {report.ChunksResent} chunk(s) re-sent");
        }
        else
        {
            _log.Error("Run {0} of {1} FAILED in {2}: {3}{4}", _runId, _instance.Name, _failedPhase.ToString(), _error, kept is null ? "" : $" (archive kept at {kept})");
        }

        Persist(new RunEnded(report.Succeeded, kept, _error, DateTimeOffset.UtcNow), _ =>
        {
            Context.Parent.Tell(new RunConcluded(report));

            // Before the watcher hears of it: a one-shot command that stops its node then still has the alert queued.
            Context.System.EventStream.Publish(new RunConcluded(report));
            _watcher.Tell(new RunFinished(report));
            Context.Stop(Self);
        });
        var outcome = report.Succeeded ? "succeeded" : report.Cancelled ? "cancelled" : "failed";
        Become(() =>
        {
            Command<CancelRun>(_ => Sender.Tell(new CancelDeclined(_runId, $"it already finished ({outcome})")));
            CommandAny(_ => { });
        });
    }

    private void DeletePartialArchive(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            _log.Error(e, "Run {0}: cannot remove the partial archive {1}", _runId, path);
        }
    }

    private void StopChild(string name)
    {
        var child = Context.Child(name);
        if (!child.IsNobody())
        {
            Context.Stop(child);
        }
    }

    /// <summary>Records an accepted cancel (the first one counts) and tells whoever asked that it was accepted.</summary>
    private void Cancelled(CancelRun cancel, string consequence)
    {
        Sender.Tell(new CancelAccepted(_runId, WasQueued: false));
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
            _errorDetail = cause?.ToString();
            _failedPhase = phase;
        }
        else
        {
            _error += $"; then {message}";
        }
    }

    /// <summary>
    /// After a restart the run only knows its transfer id: ask the receiver to abort it, so its partial file goes
    /// now instead of at expiry. Best effort, no answer: if the receiver is down, the partial still expires there.
    /// </summary>
    private void AbandonOnReceiver(string transferId)
    {
        _node.Receivers.For(_settings.Target).Tell(new AbortTransfer(transferId, "the client restarted before Data.zip was sealed"));
        _log.Info("Run {0}: asked the receiver to remove its partial transfer {1}", _runId, transferId);
    }

    private void AbortTransfer(string reason)
    {
        if (_preflight is { } p)
        {
            _node.Receivers.For(_settings.Target).Tell(new AbortTransfer(p.Transfer.TransferId, reason));
        }
    }

    private void EnterPhase(RunPhase next)
    {
        _timings.Add(Timing(_phase, _phaseClock.Elapsed));
        _phase = next;
        _phaseClock.Restart();
    }

    private sealed record KeptArchiveLoaded(TransferLedger Ledger);
}
