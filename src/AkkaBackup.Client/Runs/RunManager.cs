using Akka.Actor;
using Akka.Event;
using AkkaBackup.Protocol.Messages;
using Akka.Persistence;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// <c>/user/runs</c>, persistent (id <c>runs</c>): queues runs (at most one waiting per instance), starts at
/// most <c>concurrency</c> (a store setting, default 1) at once and never two on one instance, cancels by id, and remembers every run until
/// it is over. Instances are read from the node's store when a run is asked for. When the node starts it
/// recovers each run that was open — the run brings its server back and finishes or cleans up — and keeps
/// the pending transfers (failed runs with a kept Data.zip): a long-running node retries each by itself once the
/// receiver answers again (<c>RunManager.Parked.cs</c>), and a new run of its instance retries it first. A run
/// that is refused leaves a row in the run log and an alert. Its journal is kept short by snapshots
/// (<c>RunManager.Snapshots.cs</c>); the journal of a closed run goes once the run log holds it.
/// </summary>
public sealed partial class RunManager : ReceivePersistentActor, IWithTimers
{
    public const string Name = "runs";

    private readonly ClientSettings _settings;
    private readonly ClientNodeContext _node;
    private readonly InstanceCatalog _catalog;
    private readonly bool _retryParked;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Registered and not yet over, by run id: what makes an instance busy and what counts against concurrency.
    private readonly Dictionary<string, string> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunParked> _parked = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, RunEntry> _active = new();
    private readonly List<QueuedRun> _queue = [];
    private readonly List<IActorRef> _drainWaiters = [];
    private int _concurrency = 1;
    private string? _shuttingDown;

    protected override bool AroundReceive(Receive receive, object message) =>
        NodeLocal.Refuses(Sender, message, _log) || base.AroundReceive(receive, message);

    /// <param name="retryParked">A long-running node retries parked transfers by itself; a one-shot command does not.</param>
    public RunManager(ClientSettings settings, ClientNodeContext node, InstanceCatalog catalog, bool retryParked)
    {
        _settings = settings;
        _node = node;
        _catalog = catalog;
        _retryParked = retryParked;

        Recover<SnapshotOffer>(offer => Restore((RunManagerSnapshot)offer.Snapshot));
        Recover<RunRegistered>(e => _open[e.RunId] = e.Instance);
        Recover<RunParked>(e =>
        {
            _open.Remove(e.RunId);
            _parked[e.RunId] = e;
        });
        Recover<RunClosed>(e =>
        {
            _open.Remove(e.RunId);
            _parked.Remove(e.RunId);
        });
        Recover<RecoveryCompleted>(_ => RecoverOpenRuns());

        Command<ConcurrencyRead>(read =>
        {
            _concurrency = read.Concurrency;
            Dispatch();
        });
        Command<ConcurrencyUnreadable>(e => _log.Error(e.Cause, "Cannot read the concurrency setting; running {0} run(s) at once", _concurrency));
        Command<InstanceFound>(Found);
        Command<InstanceNotFound>(NotFound);
        Command<PendingListed>(listed => listed.Requester.Tell(new PendingTransfers(
            listed.Parked.Select(p => Describe(p, listed.Rows.FirstOrDefault(row => row.RunId == p.RunId))).ToList())));
        Command<PendingUnlisted>(failed =>
        {
            _log.Error(failed.Cause, "Cannot read the pending transfers of the configuration store; listing the journal's without their resume tokens");
            failed.Requester.Tell(new PendingTransfers(failed.Parked.Select(p => Describe(p, null)).ToList()));
        });
        Command<StartRun>(Start);
        Command<RunConcluded>(Concluded);
        Command<CancelRunById>(CancelById);
        Command<WatchRun>(Watch);
        Command<ListRuns>(_ => Sender.Tell(new RunList(
            _active.Values.OrderBy(r => r.Since).ToList(),
            _queue.Select(q => q.Entry).ToList())));
        Command<SettingsChanged>(_ => ReadConcurrency());
        Command<ListPending>(_ => ListPendingTransfers());
        Command<RetryPending>(Retry);
        Command<DiscardPending>(Discard);
        Command<CancelAllRuns>(CancelAll);
        ParkedCommands();
        SnapshotCommands();
        Command<Terminated>(t =>
        {
            _active.Remove(t.ActorRef);
            Dispatch();
            ReplyIfDrained();
        });
    }

    public override string PersistenceId => "runs";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientSettings settings, ClientNodeContext node, InstanceCatalog catalog, bool retryParked = false) =>
        Akka.Actor.Props.Create(() => new RunManager(settings, node, catalog, retryParked));

    /// <summary>A new run id: its start time first, so ids sort by time (and stray clones can be told from new ones).</summary>
    public static string NewRunId() => $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..23];

    private void RecoverOpenRuns()
    {
        _node.RunLog.Tell(new RunLogWriter.PendingRunsRecovered(_open.Keys.Concat(_parked.Keys).ToHashSet(StringComparer.Ordinal)));
        _ = StrayClones.RemoveAsync(_catalog.Store, _open.Keys.ToHashSet(StringComparer.Ordinal), _settings.SnapshotTools, _log);
        foreach (var (runId, instanceName) in _open)
        {
            // Recovered runs start whatever the concurrency: each may have a server to bring back.
            Resolve(new RecoverOpenRun(runId, instanceName), instanceName);
        }

        foreach (var parked in _parked.Values)
        {
            _log.Warning("Pending transfer: run {0} of {1} kept {2} ({3}); retry with `akkabackup pending retry {0}` or discard with `akkabackup pending discard {0}`",
                parked.RunId, parked.Instance, parked.ArchivePath, parked.Error);
            ScheduleProbe(parked.RunId);
        }

        ReadConcurrency();
    }

    private void ReadConcurrency() =>
        _catalog.ConcurrencyAsync().PipeTo(Self, success: n => new ConcurrencyRead(n), failure: e => new ConcurrencyUnreadable(e));

    /// <summary>An instance was read from the store for <paramref name="found"/>'s purpose: go on with it.</summary>
    private void Found(InstanceFound found)
    {
        switch (found.Purpose)
        {
            case RecoverOpenRun recover:
                _log.Warning("Run {0} of {1} was interrupted by a restart of this node; recovering it", recover.RunId, recover.InstanceName);
                Spawn(recover.RunId, found.Instance, Broadcast(recover.RunId, ActorRefs.Nobody), "recovered", recovering: true);
                break;
            case StartRequested start:
                Enqueue(start.Start, start.Requester, found.Instance, found.Concurrency);
                break;
            case RetryRequested retry:
                RetryNow(retry, found.Instance);
                break;
            case AutoRetry auto:
                ProbeBeforeRetry(auto, found.Instance);
                break;
        }
    }

    private void NotFound(InstanceNotFound notFound)
    {
        var e = notFound.Cause;
        switch (notFound.Purpose)
        {
            case RecoverOpenRun recover:
                Persist(new RunClosed(recover.RunId), closed =>
                {
                    _open.Remove(closed.RunId);
                    _node.RunLog.Tell(new RunLogWriter.TransferSettled(closed.RunId));
                    _node.RunLog.Tell(new RunLogWriter.RunClosed(closed.RunId));
                    Counted();
                    _log.Error(
                        "Run {0} of instance {1} was interrupted and cannot be recovered ({2}): start its server by hand if it is down",
                        recover.RunId, recover.InstanceName, e.Message);
                    Dispatch();
                });
                break;
            case StartRequested { Requester: var requester }:
                Reject(requester, e);
                break;
            case RetryRequested { Requester: var requester }:
                Reject(requester, e);
                break;
            case AutoRetry auto:
                _log.Error("Pending transfer of run {0}: cannot read instance {1} ({2}); trying again later", auto.Parked.RunId, auto.Parked.Instance, e.Message);
                ScheduleProbe(auto.Parked.RunId);
                break;
        }
    }

    private static void Reject(IActorRef requester, Exception e) => requester.Tell(e is ConfigurationException
        ? new RunRejected(e.Message, BadInput: true)
        : new RunRejected($"cannot read the configuration store: {e.Message}"));

    private void Start(StartRun start)
    {
        if (_shuttingDown is not null)
        {
            Refuse(Sender, start.InstanceName, $"the node is shutting down ({_shuttingDown})");
            return;
        }

        Resolve(new StartRequested(start, Sender), start.InstanceName);
    }

    private void Enqueue(StartRun start, IActorRef requester, InstanceSettings instance, int concurrency)
    {
        _concurrency = concurrency;
        instance = start.Type is { } type ? instance with { Type = type } : instance;
        if (_shuttingDown is not null)
        {
            Refuse(requester, instance.Name, $"the node is shutting down ({_shuttingDown})");
            return;
        }

        if (_parked.Values.FirstOrDefault(p => p.Instance == instance.Name) is { } parked)
        {
            RetryBeforeRun(start, requester, instance, concurrency, parked);
            return;
        }

        // One waiting run per instance is enough (it backs up the latest data when it starts), and it keeps the queue bounded.
        if (_queue.FirstOrDefault(q => q.Entry.Instance == instance.Name) is { } waiting)
        {
            Refuse(requester, instance.Name, $"instance '{instance.Name}' already has a queued run, {waiting.Entry.RunId} ({waiting.Entry.Trigger}); it starts when a slot is free");
            return;
        }

        var runId = NewRunId();
        var queued = new QueuedRun(new RunEntry(runId, instance.Name, start.Trigger, DateTimeOffset.UtcNow), instance, Broadcast(runId, start.Watcher), requester);
        _queue.Add(queued);
        Dispatch();
        if (_queue.Contains(queued))
        {
            _log.Info("Run {0} of {1} ({2}) is queued at position {3}", runId, instance.Name, start.Trigger, _queue.IndexOf(queued) + 1);
            requester.Tell(new RunQueued(runId, instance.Name, _queue.IndexOf(queued) + 1));
            _queue[_queue.IndexOf(queued)] = queued with { Requester = ActorRefs.Nobody };
        }
    }

    /// <summary>Starts queued runs, oldest first, while a slot is free and their instance has no run open.</summary>
    private void Dispatch()
    {
        if (_shuttingDown is not null)
        {
            return;
        }

        var starting = new Dictionary<string, QueuedRun>(StringComparer.Ordinal);
        foreach (var queued in _queue.ToList())
        {
            if (_open.Count >= _concurrency)
            {
                break;
            }

            if (_open.ContainsValue(queued.Instance.Name))
            {
                continue;
            }

            // It waited behind a retry of its instance's pending transfer, and that retry failed again.
            if (_parked.Values.FirstOrDefault(p => p.Instance == queued.Instance.Name) is { } parked)
            {
                _queue.Remove(queued);
                RemovedFromQueue(queued, $"the retry of the pending transfer of run {parked.RunId} failed again ({parked.Error})", refused: true);
                continue;
            }

            // Marked open at once, so the next queued run of this instance waits even before the event is stored.
            _queue.Remove(queued);
            _open[queued.Entry.RunId] = queued.Entry.Instance;
            starting[queued.Entry.RunId] = queued;
        }

        if (starting.Count == 0)
        {
            return;
        }

        PersistAll(starting.Values.Select(q => new RunRegistered(q.Entry.RunId, q.Entry.Instance)), e =>
        {
            Counted();
            var queued = starting[e.RunId];
            Spawn(e.RunId, queued.Instance, queued.Watcher, queued.Entry.Trigger, recovering: false);
            _node.RunLog.Tell(new RunLogWriter.RunBegan(e.RunId, e.Instance, DateTimeOffset.UtcNow));
            _log.Info("Run {0} of instance {1} started ({2})", e.RunId, queued.Instance, queued.Entry.Trigger);
            queued.Requester.Tell(new RunStarted(e.RunId, e.Instance));
        });
    }

    private void CancelById(CancelRunById cancel)
    {
        if (_queue.FirstOrDefault(q => q.Entry.RunId == cancel.RunId) is { } queued)
        {
            _queue.Remove(queued);
            RemovedFromQueue(queued, cancel.Reason);
            Sender.Tell(new CancelAccepted(cancel.RunId, WasQueued: true));
            return;
        }

        var running = _active.FirstOrDefault(a => a.Value.RunId == cancel.RunId).Key;
        if (running is null)
        {
            Sender.Tell(new RunRejected($"no queued or running run with id '{cancel.RunId}'", BadInput: true));
            return;
        }

        // The run itself answers: only it knows whether the cancel still changes anything.
        _log.Warning("Run {0}: cancel requested ({1})", cancel.RunId, cancel.Reason);
        running.Tell(new CancelRun(cancel.Reason), Sender);
    }

    private void Watch(WatchRun watch)
    {
        var entry = _queue.Select(q => q.Entry).Concat(_active.Values).FirstOrDefault(e => e.RunId == watch.RunId);
        var broadcast = Context.Child(RunBroadcast.NameFor(watch.RunId));
        if (entry is null || broadcast.IsNobody())
        {
            Sender.Tell(new RunRejected($"no queued or running run with id '{watch.RunId}'", BadInput: true));
            return;
        }

        broadcast.Tell(watch);
        Sender.Tell(new WatchingRun(entry.RunId, entry.Instance));
    }

    private IActorRef Broadcast(string runId, IActorRef requester) => Context.ActorOf(RunBroadcast.Props(requester), RunBroadcast.NameFor(runId));

    /// <summary>A queued run that never started: its watcher gets a cancelled report, and the run log keeps it (as refused, with an alert, when <paramref name="refused"/>).</summary>
    private void RemovedFromQueue(QueuedRun queued, string reason, bool refused = false)
    {
        _log.Warning("Run {0} of {1} removed from the queue ({2})", queued.Entry.RunId, queued.Entry.Instance, reason);
        queued.Requester.Tell(new RunRejected($"the run was removed from the queue before it started ({reason})"));
        var report = new RunReport(
            queued.Entry.RunId, queued.Entry.Instance, Succeeded: false, RunPhase.Preflight, $"removed from the queue before it started ({reason}); the server was not touched",
            null, null, null, 0, 0, null, DateTimeOffset.UtcNow - queued.Entry.Since, [], ServerAnswering: true, null, null, Cancelled: true);
        queued.Watcher.Tell(new RunFinished(report));
        if (refused)
        {
            Recorded(queued.Entry.RunId, queued.Entry.Instance, reason);
        }
        else
        {
            _node.RunLog.Tell(new RunLogWriter.RunEnded(report, DateTimeOffset.UtcNow));
        }
    }

    private void Retry(RetryPending retry)
    {
        if (!_parked.TryGetValue(retry.RunId, out var parked))
        {
            Sender.Tell(new RunRejected($"no pending transfer with run id '{retry.RunId}'; see `akkabackup pending list`"));
            return;
        }

        Resolve(new RetryRequested(retry, parked, Sender), parked.Instance);
    }

    private void RetryNow(RetryRequested request, InstanceSettings instance)
    {
        var (retry, parked, requester) = (request.Retry, request.Parked, request.Requester);
        if (_open.ContainsValue(instance.Name) || !_parked.ContainsKey(retry.RunId))
        {
            requester.Tell(new RunRejected($"a run of instance '{instance.Name}' is in progress; retry when it is over"));
            return;
        }

        RetryNow(parked, instance, retry.Watcher, requester, "pending retry");
    }

    /// <summary>Registers the parked run again and starts it from its journal: it resumes the transfer of its kept archive.</summary>
    private void RetryNow(RunParked parked, InstanceSettings instance, IActorRef watcher, IActorRef requester, string trigger)
    {
        // Out of the parked runs at once, so a run queued right behind it does not wait for this one's retry again.
        _open[parked.RunId] = parked.Instance;
        _parked.Remove(parked.RunId);
        _retrying[parked.RunId] = parked;
        Persist(new RunRegistered(parked.RunId, parked.Instance), e =>
        {
            Counted();
            Spawn(e.RunId, instance, Broadcast(e.RunId, watcher), trigger, recovering: true);
            _log.Info("Retrying the pending transfer of run {0} from {1} ({2})", e.RunId, parked.ArchivePath, trigger);
            requester.Tell(new RunStarted(e.RunId, instance.Name));
        });
    }

    private void Discard(DiscardPending discard)
    {
        if (!_parked.TryGetValue(discard.RunId, out var parked))
        {
            Sender.Tell(new RunRejected($"no pending transfer with run id '{discard.RunId}'; see `akkabackup pending list`"));
            return;
        }

        var requester = Sender;
        Persist(new RunClosed(discard.RunId), _ =>
        {
            Counted();
            _parked.Remove(discard.RunId);
            ForgetParked(discard.RunId);
            File.Delete(parked.ArchivePath);
            _node.RunLog.Tell(new RunLogWriter.TransferSettled(discard.RunId));
            _node.RunLog.Tell(new RunLogWriter.RunClosed(discard.RunId));
            _log.Warning("Pending transfer of run {0} discarded; {1} deleted", discard.RunId, parked.ArchivePath);
            requester.Tell(new PendingDiscarded(discard.RunId, parked.ArchivePath));
        });
    }

    private void Concluded(RunConcluded concluded)
    {
        var r = concluded.Report;
        _node.RunLog.Tell(new RunLogWriter.RunEnded(r, DateTimeOffset.UtcNow));
        _node.RunLog.Tell(r.KeptArchive is null
            ? new RunLogWriter.TransferSettled(r.RunId)
            : new RunLogWriter.TransferAttemptFailed(r.RunId, r.Error ?? "failed"));
        // A retried run parked again keeps the time it was first parked: pending.max-age counts from there.
        var parkedSince = _retrying.Remove(r.RunId, out var before) ? before.At : DateTimeOffset.UtcNow;
        if (r.KeptArchive is { } kept)
        {
            Persist(new RunParked(r.RunId, r.Instance, kept, r.Error ?? "failed", parkedSince), e =>
            {
                Counted();
                _open.Remove(e.RunId);
                _parked[e.RunId] = e;
                ScheduleProbe(e.RunId);
            });
        }
        else
        {
            Persist(new RunClosed(r.RunId), e =>
            {
                Counted();
                _open.Remove(e.RunId);
                ForgetParked(e.RunId);
                _node.RunLog.Tell(new RunLogWriter.RunClosed(e.RunId));
            });
        }
    }

    private void Spawn(string runId, InstanceSettings instance, IActorRef watcher, string trigger, bool recovering)
    {
        // Each run goes to its instance's target; everything else about the run is the node's.
        var settings = instance.Target is { } target ? _settings with { Target = target } : _settings;
        var run = Context.ActorOf(BackupCoordinator.Props(runId, settings, instance, _node, watcher, recovering), "run-" + runId);
        Context.Watch(run);
        _active[run] = new RunEntry(runId, instance.Name, trigger, DateTimeOffset.UtcNow);
    }

    private void CancelAll(CancelAllRuns cancel)
    {
        _shuttingDown ??= cancel.Reason;
        if (_active.Count > 0)
        {
            _log.Warning("Cancelling {0} run(s): {1}", _active.Count, cancel.Reason);
        }

        foreach (var run in _active.Keys)
        {
            run.Tell(new CancelRun(cancel.Reason), ActorRefs.Nobody);
        }

        foreach (var queued in _queue)
        {
            RemovedFromQueue(queued, cancel.Reason);
        }

        _queue.Clear();
        _drainWaiters.Add(Sender);
        ReplyIfDrained();
    }

    private void ReplyIfDrained()
    {
        if (_active.Count > 0)
        {
            return;
        }

        foreach (var waiter in _drainWaiters)
        {
            waiter.Tell(AllRunsFinished.Instance);
        }

        _drainWaiters.Clear();
    }

    /// <summary>Reads an instance (and the concurrency setting) from the store off the mailbox; the answer comes back as <see cref="InstanceFound"/> or <see cref="InstanceNotFound"/>.</summary>
    private void Resolve(LookupPurpose purpose, string? instanceName)
    {
        async Task<InstanceFound> LookUp() => new(purpose, await _catalog.ResolveAsync(instanceName), await _catalog.ConcurrencyAsync());
        LookUp().PipeTo(Self, failure: e => new InstanceNotFound(purpose, e is AggregateException { InnerException: { } inner } ? inner : e));
    }

    /// <summary>
    /// The parked runs of the journal (the authority), each with its resume token and attempts from the
    /// store's pending transfers when it has a row there; a store that cannot be read only leaves those out.
    /// </summary>
    private void ListPendingTransfers()
    {
        var requester = Sender;
        var parked = _parked.Values.ToList();
        _catalog.Store.PendingTransfers.ListAsync().PipeTo(
            Self, success: rows => new PendingListed(rows, parked, requester), failure: e => new PendingUnlisted(e, parked, requester));
    }

    private static PendingTransfer Describe(RunParked p, AkkaBackup.Store.Transfers.PendingTransfer? row) =>
        new(p.RunId, p.Instance, p.ArchivePath, File.Exists(p.ArchivePath) ? new FileInfo(p.ArchivePath).Length : 0, p.Error, p.At, row?.TransferId, row?.Attempts);

    // Store reads come back as typed results; the purpose says what the read was for.
    private sealed record ConcurrencyRead(int Concurrency);

    private sealed record ConcurrencyUnreadable(Exception Cause);

    private abstract record LookupPurpose;

    private sealed record RecoverOpenRun(string RunId, string InstanceName) : LookupPurpose;

    private sealed record StartRequested(StartRun Start, IActorRef Requester) : LookupPurpose;

    private sealed record RetryRequested(RetryPending Retry, RunParked Parked, IActorRef Requester) : LookupPurpose;

    private sealed record InstanceFound(LookupPurpose Purpose, InstanceSettings Instance, int Concurrency);

    private sealed record InstanceNotFound(LookupPurpose Purpose, Exception Cause);

    private sealed record PendingListed(IReadOnlyList<AkkaBackup.Store.Transfers.PendingTransfer> Rows, IReadOnlyList<RunParked> Parked, IActorRef Requester);

    private sealed record PendingUnlisted(Exception Cause, IReadOnlyList<RunParked> Parked, IActorRef Requester);

    /// <param name="Requester">Who asked; answered once (RunQueued or RunStarted), Nobody afterwards.</param>
    private sealed record QueuedRun(RunEntry Entry, InstanceSettings Instance, IActorRef Watcher, IActorRef Requester);
}

/// <summary>What every run of a client node shares: its TLS identity, its ClusterClients to the receivers and the writer of its store's run records.</summary>
/// <param name="RunLog">The <see cref="RunLogWriter"/>: run log and pending transfers.</param>
/// <param name="Schedules">The node's schedules, read once per run, for the next firing a completion reports; none when null.</param>
public sealed record ClientNodeContext(TlsIdentity Tls, ReceiverLinks Receivers, string Version, IActorRef RunLog, Func<Task<IReadOnlyList<AkkaBackup.Core.Scheduling.ScheduleEntry>>>? Schedules = null);
