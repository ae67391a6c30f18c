using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// <c>/user/runs</c>, persistent (id <c>runs</c>): starts runs, never two on one instance at once, and
/// remembers every run until it is over. When the node starts it recovers each run that was open — the
/// run brings its server back and finishes or cleans up — and keeps the pending transfers (failed runs
/// with a kept Data.zip) for an operator to retry or discard.
/// </summary>
public sealed class RunManager : ReceivePersistentActor
{
    public const string Name = "runs";

    private readonly ClientSettings _settings;
    private readonly ClientNodeContext _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, string> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunParked> _parked = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, (string RunId, string Instance)> _active = new();
    private readonly List<(StartRun Request, IActorRef Requester)> _waiting = [];
    private readonly List<IActorRef> _drainWaiters = [];
    private string? _shuttingDown;

    public RunManager(ClientSettings settings, ClientNodeContext node)
    {
        _settings = settings;
        _node = node;

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

        Command<StartRun>(Start);
        Command<RunConcluded>(Concluded);
        Command<ListPending>(_ => Sender.Tell(new PendingTransfers(_parked.Values.Select(Describe).ToList())));
        Command<RetryPending>(Retry);
        Command<DiscardPending>(Discard);
        Command<CancelAllRuns>(CancelAll);
        Command<Terminated>(t =>
        {
            _active.Remove(t.ActorRef);
            foreach (var (request, requester) in _waiting.ToList())
            {
                _waiting.Remove((request, requester));
                Self.Tell(request, requester);
            }

            ReplyIfDrained();
        });
    }

    public override string PersistenceId => "runs";

    public static Props Props(ClientSettings settings, ClientNodeContext node) => Akka.Actor.Props.Create(() => new RunManager(settings, node));

    private void RecoverOpenRuns()
    {
        foreach (var (runId, instanceName) in _open)
        {
            InstanceSettings instance;
            try
            {
                instance = _settings.Instance(instanceName);
            }
            catch (ConfigurationException)
            {
                _log.Error("Run {0} of instance {1} was interrupted, but {1} is no longer configured: start its server by hand if it is down", runId, instanceName);
                continue;
            }

            _log.Warning("Run {0} of {1} was interrupted by a restart of this node; recovering it", runId, instanceName);
            Spawn(runId, instance, ActorRefs.Nobody, recovering: true);
        }

        foreach (var parked in _parked.Values)
        {
            _log.Warning("Pending transfer: run {0} of {1} kept {2} ({3}); retry with `akkabackup pending retry {0}` or discard with `akkabackup pending discard {0}`",
                parked.RunId, parked.Instance, parked.ArchivePath, parked.Error);
        }
    }

    private void Start(StartRun start)
    {
        if (_shuttingDown is not null)
        {
            Sender.Tell(new RunRejected($"the node is shutting down ({_shuttingDown})"));
            return;
        }

        InstanceSettings instance;
        try
        {
            instance = _settings.Instance(start.InstanceName);
        }
        catch (ConfigurationException e)
        {
            Sender.Tell(new RunRejected(e.Message, BadInput: true));
            return;
        }

        if (_active.Values.Any(a => a.Instance == instance.Name))
        {
            // A run recovered after a restart finishes first; then this one starts.
            _log.Info("Run of {0} waits for the run already in progress", instance.Name);
            _waiting.Add((start, Sender));
            return;
        }

        if (_parked.Values.FirstOrDefault(p => p.Instance == instance.Name) is { } parked)
        {
            Sender.Tell(new RunRejected(
                $"instance '{instance.Name}' has a pending transfer: run {parked.RunId} kept {parked.ArchivePath} ({parked.Error}). " +
                $"It is a complete cold backup. Retry it with `akkabackup pending retry {parked.RunId}` or discard it with `akkabackup pending discard {parked.RunId}`"));
            return;
        }

        var runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..23];
        var requester = Sender;
        Persist(new RunRegistered(runId, instance.Name), e =>
        {
            _open[e.RunId] = e.Instance;
            Spawn(runId, instance, start.Watcher, recovering: false);
            _log.Info("Run {0} of instance {1} started", runId, instance);
            requester.Tell(new RunStarted(runId, instance.Name));
        });
    }

    private void Retry(RetryPending retry)
    {
        if (!_parked.TryGetValue(retry.RunId, out var parked))
        {
            Sender.Tell(new RunRejected($"no pending transfer with run id '{retry.RunId}'; see `akkabackup pending list`"));
            return;
        }

        var instance = _settings.Instance(parked.Instance);
        if (_active.Values.Any(a => a.Instance == instance.Name))
        {
            Sender.Tell(new RunRejected($"a run of instance '{instance.Name}' is in progress; retry when it is over"));
            return;
        }

        var requester = Sender;
        Persist(new RunRegistered(parked.RunId, parked.Instance), e =>
        {
            _parked.Remove(e.RunId);
            _open[e.RunId] = e.Instance;
            Spawn(e.RunId, instance, retry.Watcher, recovering: true);
            _log.Info("Retrying the pending transfer of run {0} from {1}", e.RunId, parked.ArchivePath);
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
            _parked.Remove(discard.RunId);
            File.Delete(parked.ArchivePath);
            _log.Warning("Pending transfer of run {0} discarded; {1} deleted", discard.RunId, parked.ArchivePath);
            requester.Tell(new PendingDiscarded(discard.RunId, parked.ArchivePath));
        });
    }

    private void Concluded(RunConcluded concluded)
    {
        var r = concluded.Report;
        if (r.KeptArchive is { } kept)
        {
            Persist(new RunParked(r.RunId, r.Instance, kept, r.Error ?? "failed", DateTimeOffset.UtcNow), e =>
            {
                _open.Remove(e.RunId);
                _parked[e.RunId] = e;
            });
        }
        else
        {
            Persist(new RunClosed(r.RunId), e => _open.Remove(e.RunId));
        }
    }

    private void Spawn(string runId, InstanceSettings instance, IActorRef watcher, bool recovering)
    {
        var run = Context.ActorOf(BackupCoordinator.Props(runId, _settings, instance, _node, watcher, recovering), "run-" + runId);
        Context.Watch(run);
        _active[run] = (runId, instance.Name);
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
            run.Tell(new CancelRun(cancel.Reason));
        }

        foreach (var (_, requester) in _waiting)
        {
            requester.Tell(new RunRejected($"the node is shutting down ({cancel.Reason})"));
        }

        _waiting.Clear();
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

    private static PendingTransfer Describe(RunParked p) =>
        new(p.RunId, p.Instance, p.ArchivePath, File.Exists(p.ArchivePath) ? new FileInfo(p.ArchivePath).Length : 0, p.Error, p.At);
}

/// <summary>What every run of a client node shares: its TLS identity and its ClusterClient to the receiver.</summary>
public sealed record ClientNodeContext(TlsIdentity Tls, PeerCertificateValidator ReceiverValidator, IActorRef ReceiverClient, string Version);
