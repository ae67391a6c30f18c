using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaBackup.Client.Archiving;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Runs.Machine;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Hot;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Telemetry;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Client.Archiving.CompressorMessages;
using static AkkaBackup.Client.Runs.CoordinatorMessages;
using static AkkaBackup.Client.Runs.Machine.RunEffects;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using In = AkkaBackup.Client.Runs.Machine.RunInputs;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// <c>/user/runs/run-&lt;id&gt;</c>: one backup run, persistent (id <c>run-&lt;id&gt;</c>). What the run does next is
/// decided by <see cref="RunMachine"/>, a pure state machine; this actor turns messages into its inputs,
/// journals the events it returns, and carries out its effects — through its children: the
/// <see cref="ServerLifecycleActor"/> (stop, start), the <see cref="Compressor"/> and the <see cref="ChunkSender"/>.
/// </summary>
public sealed class BackupCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly RunContext _context;
    private readonly ClientSettings _settings;
    private readonly InstanceSettings _instance;
    private readonly ClientNodeContext _node;
    private readonly IActorRef _watcher;
    private readonly bool _recovering;
    private readonly MySqlLifecycle _lifecycle;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Progress.ProgressMeter _meter = new();
    private readonly Stopwatch _runClock = Stopwatch.StartNew();
    private TransferLedger _ledger = new();
    private PreflightPassed? _preflight;
    private RunState _state;
    private Task _cloneRemoval = Task.CompletedTask;
    private int _abortsUnanswered;
    private bool _concludeAfterAborts;
    private Task<IReadOnlyList<Core.Scheduling.ScheduleEntry>>? _schedules;

    /// <param name="recovering">
    /// True when the node restarts a run found open in its journal (or an operator retries a pending
    /// transfer): the server is brought back first, then the transfer resumes from the kept archive.
    /// </param>
    public BackupCoordinator(string runId, ClientSettings settings, InstanceSettings instance, ClientNodeContext node, IActorRef watcher, bool recovering)
    {
        _context = new RunContext(runId, instance.Name, settings.RestartAfter, instance.Type);
        _state = RunMachine.Initial(runId);
        _settings = settings;
        _instance = instance;
        _node = node;
        _watcher = watcher;
        _recovering = recovering;
        _lifecycle = new MySqlLifecycle(instance, ServiceControllers.For(instance));

        // Read off the mailbox now; the completion (seconds or hours later) takes the next firing from it, or says none when it failed.
        _schedules = node.Schedules?.Invoke();

        Recover<IRunEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            Timers.StartPeriodicTimer("progress", ReportProgress.Instance, TimeSpan.FromMilliseconds(500));
            Become(Running);
            Decide(new In.Recovered(Now, _recovering, DateTimeOffset.UtcNow));
            Stash.UnstashAll();
        });
        CommandAny(_ => Stash.Stash());
    }

    public override string PersistenceId => "run-" + _context.RunId;

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Now => _runClock.Elapsed;

    /// <summary>The journalled type once the run committed to it (a resumed run keeps its own), else the instance's.</summary>
    private BackupType Type => _state.Type ?? _context.Type;

    public static Props Props(string runId, ClientSettings settings, InstanceSettings instance, ClientNodeContext node, IActorRef watcher, bool recovering = false) =>
        Akka.Actor.Props.Create(() => new BackupCoordinator(runId, settings, instance, node, watcher, recovering));

    protected override void PostStop()
    {
        _cancel.Cancel();
        _preflight?.Lock.Dispose();
        base.PostStop();
    }

    /// <summary>Every message the run acts on, as an input of the state machine.</summary>
    private void Running()
    {
        Command<WaitForAdmission>(wait => Decide(new In.Waiting(Now, wait)));
        Command<PreflightPassed>(passed =>
        {
            _preflight = passed;
            _log.Info("Run {0}: the archive is estimated at {1}", _context.RunId, passed.Estimate);
            _log.Info("Run {0}: pre-flight steps: {1}", _context.RunId, passed.Steps);
            var summary = new PreflightSummary(passed.Transfer.TransferId, passed.ArchivePath, passed.Facts.Version, passed.Scan.TotalBytes, passed.Scan.FileCount, passed.Type.ClonePath, passed.Type.CloneVolume);
            Decide(new In.Preflighted(Now, summary, _settings.ChunkSize, DateTimeOffset.UtcNow));
        });
        Command<PreflightFailed>(f => Decide(new In.PreflightFailed(Now, f.Cause)));
        Command<ServerStopped>(_ => Decide(new In.ServerStopped(Now)));
        Command<StopFailed>(f => Decide(new In.StopFailed(Now, f.Cause)));
        Command<CloneMade>(c => Decide(new In.Cloned(Now, c.Result.Files, c.Result.Bytes, c.Result.Elapsed)));
        Command<CloneFailed>(f => Decide(new In.CloneFailed(Now, f.Cause)));
        Command<ConcludeAfterCloneRemoval>(_ => ConcludeNow());
        Command<AbortOutcome>(AbortAnswered);
        Command<ArchivingProgress>(p => Decide(new In.ArchivingProgress(Now, p.Progress.SourceBytesRead, p.Progress.ArchiveBytesWritten)));
        Command<ArchiveSealed>(s =>
        {
            var a = s.Result;
            Decide(new In.ArchiveSealed(Now, new ArchiveWasSealed(a.Length, a.Sha256, a.ChunkCount, a.DataBytes, a.FileCount, a.FromLsn, a.ToLsn), _ledger.AllAcknowledged.IsCompleted));
        });
        Command<ArchiveFailed>(f => Decide(new In.ArchiveFailed(Now, f.Cause)));
        Command<DataDirectoryReleased>(r => Decide(new In.SourceReleased(Now, r.Released)));
        Command<KeptArchiveLoaded>(loaded =>
        {
            _ledger = loaded.Ledger;
            Decide(new In.KeptArchiveLoaded(Now));
        });
        Command<BytesAcknowledged>(_ => { });
        Command<AllChunksAcknowledged>(_ => Decide(new In.AllChunksAcknowledged(Now)));
        Command<TransferStalled>(s => Decide(new In.TransferStalled(Now, s.For, s.LastError)));
        Command<TransferReopened>(r => Decide(new In.TransferReopened(Now, r.OldTransferId, r.NewTransferId, r.Reason)));
        Command<TransferStored>(s => Decide(new In.TransferStored(Now, s.Completed)));
        Command<TransferBroken>(b => Decide(new In.TransferBroken(Now, b.Reason, b.Cause)));
        Command<ServerStarted>(s => Decide(new In.ServerStarted(Now, s.WasStartedByUs, DateTimeOffset.UtcNow)));
        Command<StartFailed>(f => Decide(new In.StartFailed(Now, f.Cause, f.ManualRecovery)));
        Command<CancelRun>(c => Decide(new In.Cancel(Now, c.Reason, _ledger.AllAcknowledged.IsCompleted, !Context.Child(Compressor.Name).IsNobody())));
        Command<ReportProgress>(_ => _watcher.Tell(Progress()));
    }

    /// <summary>Decides, journals the decision's events, then carries out its effects in order.</summary>
    private void Decide(RunInput input)
    {
        var decision = RunMachine.Decide(_context, _state, input);
        _state = decision.State;
        if (decision.Events.Count == 0)
        {
            CarryOut(decision.Effects);
            return;
        }

        var journalled = 0;
        PersistAll(decision.Events, _ =>
        {
            if (++journalled == decision.Events.Count)
            {
                CarryOut(decision.Effects);
            }
        });
    }

    private void CarryOut(IReadOnlyList<RunEffect> effects)
    {
        foreach (var effect in effects)
        {
            CarryOut(effect);
        }
    }

    private void CarryOut(RunEffect effect)
    {
        switch (effect)
        {
            case RunPreflight:
                var self = Self;
                new Preflight(_settings, _instance, _node, _context.RunId, wait => self.Tell(wait)).RunAsync(_cancel.Token)
                    .PipeTo(Self, success: p => p, failure: e => new PreflightFailed(e));
                break;
            case CancelWork:
                _cancel.Cancel();
                break;
            case ReleasePreflight:
                _ = _preflight!.Connection.DisposeAsync();
                break;
            case StopServer:
                Lifecycle().Tell(new ServerLifecycleActor.StopServer(_preflight!.Facts));
                break;
            case StartServer start:
                Lifecycle().Tell(new ServerLifecycleActor.StartServer(start.EnsureOnly, _state.Sealed is not null ? _state.ArchivePath : null));
                break;
            case StartArchiving archiving:
                StartArchivingNow(archiving.ClonePath);
                break;
            case CloneDataDirectory clone:
                DataDirectoryClone.CloneAsync(_preflight!.Type.Snapshot!, clone.ClonePath, _preflight.Type.CloneVolume, _settings.SnapshotTools, _cancel.Token)
                    .PipeTo(Self, success: result => new CloneMade(result), failure: e => new CloneFailed(e));
                break;
            case RemoveClone remove:
                RemoveCloneNow(remove.ClonePath, remove.Volume);
                break;
            case RunEffects.CancelCompression:
                Context.Child(Compressor.Name).Tell(CompressorMessages.CancelCompression.Instance);
                break;
            case LoadKeptArchive load:
                KeptArchive.LoadAsync(load.ArchivePath, load.Length, load.ChunkSize, _cancel.Token)
                    .PipeTo(Self, success: ledger => new KeptArchiveLoaded(ledger), failure: e => new TransferBroken(e.Message, e));
                break;
            case ResumeSending resume:
                Context.ActorOf(ChunkSender.Props(_settings, _node, new TransferTarget(resume.TransferId, 0), _state.ArchivePath!, _ledger, null, ReopenRequest()), ChunkSender.Name);
                break;
            case SendFinish:
                Context.Child(ChunkSender.Name).Tell(Finish());
                break;
            case StopSender:
                StopChild(ChunkSender.Name);
                break;
            case RunEffects.AbortTransfer abort:
                _abortsUnanswered++;
                TransferAbort.SendAsync(_node.Receivers.For(_settings.Target), abort.TransferId, abort.Reason, TransferAbort.WaitFor(_settings.Target)).PipeTo(Self);
                break;
            case DeletePartialArchive delete:
                DeletePartial(delete.Path);
                break;
            case RecordResumeToken:
                RecordResumeTokenNow();
                break;
            case Reply reply:
                Sender.Tell(reply.Message);
                break;
            case Log log:
                _log.Log(log.Level, log.Cause, "{0}", log.Message);
                break;
            case Conclude:
                ConcludeNow();
                break;
        }
    }

    private IActorRef Lifecycle()
    {
        var child = Context.Child(ServerLifecycleActor.Name);
        return child.IsNobody() ? Context.ActorOf(ServerLifecycleActor.Props(_lifecycle), ServerLifecycleActor.Name) : child;
    }

    /// <param name="clonePath">Snapshot: the clone to archive instead of the data directory.</param>
    private void StartArchivingNow(string? clonePath)
    {
        var p = _preflight!;
        var target = new TransferTarget(p.Transfer.TransferId, p.Transfer.DataPort);
        var sender = Context.ActorOf(ChunkSender.Props(_settings, _node, target, p.ArchivePath, _ledger, p.Connection, ReopenRequest()), ChunkSender.Name);
        var options = new ArchiveOptions(ChunkSize: _settings.ChunkSize, CompressionLevel: _settings.CompressionLevel, Parallelism: _settings.CompressionThreads);
        var watch = new ArchiveWatch(_settings.ArchiveStallTimeout, _settings.TestHooks.ArchiveStallAfterChunks, _settings.TestHooks.ArchiveChunkDelay);
        ArchiveSource source = p.Type.HotTool is { } tool
            ? new HotStreamSource(HotRequest(tool, p), options with { CompressionLevel = _settings.HotCompressionLevel })
            : clonePath is null ? new DirectorySource(_instance.DataDirectory, options, CopyAhead(p))
            : new DirectorySource(DataDirectoryClone.ArchiveRoot(p.Type.Snapshot!, clonePath), options);
        Context.ActorOf(Compressor.Props(source, p.ArchivePath, sender, watch), Compressor.Name);
    }

    /// <summary>
    /// Cold with restart-after = copy: copy the data directory into the staging disk ahead of compression, leaving the
    /// archive pre-flight's estimate (with its margin) and <see cref="CopyAheadReserve"/> besides.
    /// </summary>
    private CopyAheadOptions? CopyAhead(PreflightPassed p) =>
        Type == BackupType.Cold && _settings.RestartAfter == RestartAfter.Copy
            ? new CopyAheadOptions(CopyAheadOptions.DirectoryFor(p.ArchivePath), p.Estimate.Bytes + CopyAheadReserve)
            : null;

    private const long CopyAheadReserve = 256L * 1024 * 1024;

    private HotBackupRequest HotRequest(HotBackupTool tool, PreflightPassed p)
    {
        var work = HotWorkDirectory(p.ArchivePath);
        // The configured host and port, as pre-flight connected: the account whose privileges it checked. Over the
        // server's socket the same user is 'user'@'localhost', another account that may not exist at all.
        return new HotBackupRequest(tool, new HotBackupConnection(_instance.Host, _instance.Port, _instance.User, _instance.Password), _instance.DataDirectory, work);
    }

    /// <summary>Where this run's mariadb-backup keeps its options file (with the password) and temporary files.</summary>
    private string HotWorkDirectory(string archivePath) => Path.Combine(Path.GetDirectoryName(archivePath)!, "hot-" + _context.RunId);

    /// <summary>
    /// The archiver empties it on every way out it sees; a client killed mid-stream leaves it, options file and
    /// password included, so the run removes it when it ends — in the resumed incarnation after a crash too.
    /// </summary>
    private void RemoveHotWorkDirectory(string? archivePath)
    {
        if (Type != BackupType.Hot || archivePath is null || HotWorkDirectory(archivePath) is not { } work || !Directory.Exists(work))
        {
            return;
        }

        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Run {0}: cannot remove mariadb-backup's work directory {1} (it holds an options file with the password); remove it by hand", _context.RunId, work);
        }
    }

    /// <summary>
    /// Best effort: a clone that cannot be removed is logged and alerted with its path and what to run by hand (an
    /// LVM snapshot left in place slows every write to its origin and is invalidated when it fills up); the next
    /// start tries again.
    /// </summary>
    private void RemoveCloneNow(string clonePath, string? volume)
    {
        var log = _log;
        var runId = _context.RunId;
        var events = Context.System.EventStream;
        var (node, instance) = (_settings.NodeName, _instance.Name);
        _cloneRemoval = DataDirectoryClone.RemoveAsync(clonePath, volume, _settings.SnapshotTools).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                log.Info("Run {0}: removed the clone {1}{2}", runId, clonePath, volume is null ? "" : $" ({volume})");
                return;
            }

            var cause = t.Exception?.GetBaseException();
            var byHand = CloneRemovalSteps.ByHand(clonePath, volume);
            log.Error(cause, "Run {0}: cannot remove the clone {1}: {2}; remove it by hand: {3}", runId, clonePath, cause?.Message ?? "", byHand);
            events.Publish(BackupAlerts.CloneNotRemoved(node, instance, runId, clonePath, $"{cause?.Message}\nRemove it by hand: {byHand}", DateTimeOffset.UtcNow));
        });
    }

    private RunProgress Progress()
    {
        var dataTotal = _preflight?.Scan.TotalBytes ?? _state.Sealed?.DataBytes ?? 0;
        var acknowledged = _ledger.BytesAcknowledged;
        var numbers = _meter.Measure(Now, _state.DataRead, dataTotal, _state.ArchiveBytes, _state.Sealed?.Length, acknowledged);
        return new RunProgress(
            _context.RunId, _state.Phase, _state.DataRead, dataTotal, _state.ArchiveBytes, acknowledged, _state.Sealed is not null, Now, numbers,
            _state.AdmissionWait is { } w ? $"waiting for receiver slot (position {w.Position})" : null);
    }

    /// <summary>
    /// Saves this run's resume token and sealed Data.zip in the store's pending transfers, where an operator
    /// sees them; the row goes when the run ends without a kept archive. Before the seal there is nothing to
    /// resume (a partial archive is removed), so nothing is saved.
    /// </summary>
    private void RecordResumeTokenNow()
    {
        if (_state.Sealed is not { } sealedArchive || _state.TransferId is not { } transferId || _state.ArchivePath is not { } path)
        {
            return;
        }

        var target = _settings.Target;
        var address = $"{target.ExpectedName}@{target.Host}:{target.Port}";
        var receiver = target.Name.Length > 0 ? $"{target.Name} ({address})" : address;
        _node.RunLog.Tell(new RunLogWriter.TransferIssued(new AkkaBackup.Store.Transfers.PendingTransfer(
            _context.RunId, _instance.Name, transferId, receiver, path, sealedArchive.Sha256, sealedArchive.Length, DateTimeOffset.UtcNow, Attempts: 0, LastError: null)));
    }

    private FinishTransfer Finish()
    {
        var sealedArchive = _state.Sealed!;
        var description = new ArchiveDescription(
            Environment.MachineName, _instance.Server, _instance.Name, _preflight?.Facts.Version ?? _state.StopIssued?.ServerVersion ?? "", _instance.DataDirectory,
            sealedArchive.DataBytes, sealedArchive.FileCount, Type.Format(), _state.Began?.At ?? DateTimeOffset.UtcNow, _state.Timings.ToList(), _context.RunId, Type.Name(), "all",
            _settings.Target.Placement);
        return new FinishTransfer(sealedArchive.Length, sealedArchive.ChunkCount, sealedArchive.Sha256, description,
            _state.ServerPhaseDone && _state.ServerAnswering ? _state.Downtime : null, NextRun());
    }

    private DateTimeOffset? NextRun() =>
        _schedules is { IsCompletedSuccessfully: true } read ? Core.Scheduling.NextFiring.Of(read.Result, _instance.Name, DateTimeOffset.UtcNow) : null;

    /// <summary>A fresh transfer of the sealed archive; the sender names the transfer the receiver forgot when it sends this.</summary>
    private OpenTransfer ReopenRequest() =>
        new(_instance.Server, _instance.Name, ArchiveSizeEstimate.UpperBound(_state.Sealed?.Length ?? _preflight?.Scan.TotalBytes ?? 0, 1),
            _state.StopIssued?.ChunkSize ?? _settings.ChunkSize, _context.RunId, Placement: _settings.Target.Placement);

    private void ConcludeNow()
    {
        // A run is over once its clone is gone: whoever hears of its end may look for it.
        if (!_cloneRemoval.IsCompleted)
        {
            _cloneRemoval.PipeTo(Self, success: () => ConcludeAfterCloneRemoval.Instance);
            return;
        }

        // ... and once the receiver answered its aborts (or did not within their wait): the node may stop right after.
        if (_abortsUnanswered > 0)
        {
            _concludeAfterAborts = true;
            return;
        }

        var s = _state;
        var archivePath = s.ArchivePath;
        RemoveHotWorkDirectory(archivePath);
        string? kept = null;
        if (s.Succeeded)
        {
            File.Delete(archivePath!);
        }
        else
        {
            kept = archivePath is not null && s.Sealed is not null && File.Exists(archivePath) ? archivePath : null;
        }

        var failure = s.Failure;
        var report = new RunReport(
            _context.RunId, _instance.Name, s.Succeeded, failure?.Phase ?? RunPhase.Done, failure?.Message, s.Stored?.StoredName, s.Stored?.StoredPath,
            s.Sealed?.Sha256, s.Sealed?.Length ?? 0, s.Sealed?.DataBytes ?? _preflight?.Scan.TotalBytes ?? 0, s.Downtime,
            Now, s.Timings.ToList(), s.ServerAnswering, s.ManualRecovery, kept, _ledger.ChunksResent, s.CancelReason is not null, failure?.Detail, _preflight?.Estimate, Type,
            s.Sealed?.FromLsn, s.Sealed?.ToLsn);
        if (report.Succeeded)
        {
            _log.Info("{0}", $"Run {_context.RunId} of {_instance.Name} succeeded: {report.StoredPath} ({report.ArchiveBytes:N0} bytes), downtime {report.Downtime?.TotalSeconds ?? 0:0.000} s, " +
                $"total {report.Duration.TotalSeconds:0.0} s, {report.ChunksResent} chunk(s) re-sent");
        }
        else
        {
            _log.Error("Run {0} of {1} FAILED in {2}: {3}{4}", _context.RunId, _instance.Name, report.FailedPhase.ToString(), report.Error, kept is null ? "" : $" (archive kept at {kept})");
        }

        BackupMetrics.RunEnded(_instance.Name, s.Outcome, report.Downtime, report.ArchiveBytes, report.ChunksResent);
        Persist(new RunEnded(report.Succeeded, kept, report.Error, DateTimeOffset.UtcNow), _ =>
        {
            Context.Parent.Tell(new RunConcluded(report));

            // Before the watcher hears of it: a one-shot command that stops its node then still has the alert queued.
            Context.System.EventStream.Publish(new RunConcluded(report));

            // The last progress a watcher sees is where the run ended (every byte acknowledged after a success).
            _watcher.Tell(Progress() with { Final = true });
            _watcher.Tell(new RunFinished(report));
            Context.Stop(Self);
        });
    }

    private void AbortAnswered(AbortOutcome outcome)
    {
        _abortsUnanswered--;
        _log.Log(outcome.Level, null, "{0}", $"Run {_context.RunId}: {outcome.Message}");
        if (_abortsUnanswered == 0 && _concludeAfterAborts)
        {
            _concludeAfterAborts = false;
            ConcludeNow();
        }
    }

    private void DeletePartial(string path)
    {
        try
        {
            File.Delete(path);
            CopyAheadOptions.RemoveFor(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Run {0}: cannot remove the partial archive {1} or its copy-ahead copies", _context.RunId, path);
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

    private sealed record KeptArchiveLoaded(TransferLedger Ledger);

    private sealed record CloneMade(CloneResult Result);

    private sealed class ConcludeAfterCloneRemoval
    {
        public static readonly ConcludeAfterCloneRemoval Instance = new();

        private ConcludeAfterCloneRemoval()
        {
        }
    }

    private sealed record CloneFailed(Exception Cause);
}
