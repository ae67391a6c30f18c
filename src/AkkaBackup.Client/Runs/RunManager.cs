using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary><c>/user/runs</c>: starts runs and never lets two run on one instance at once.</summary>
public sealed class RunManager : ReceiveActor
{
    public const string Name = "runs";

    private readonly ClientSettings _settings;
    private readonly ClientNodeContext _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, string> _active = new();
    private readonly List<IActorRef> _drainWaiters = [];
    private string? _shuttingDown;

    public RunManager(ClientSettings settings, ClientNodeContext node)
    {
        _settings = settings;
        _node = node;
        Receive<StartRun>(Start);
        Receive<CancelAllRuns>(CancelAll);
        Receive<Terminated>(t =>
        {
            _active.Remove(t.ActorRef);
            ReplyIfDrained();
        });
    }

    public static Props Props(ClientSettings settings, ClientNodeContext node) => Akka.Actor.Props.Create(() => new RunManager(settings, node));

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
            Sender.Tell(new RunRejected(e.Message));
            return;
        }

        if (_active.ContainsValue(instance.Name))
        {
            Sender.Tell(new RunRejected($"a run of instance '{instance.Name}' is already in progress"));
            return;
        }

        var runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..23];
        var run = Context.ActorOf(BackupCoordinator.Props(runId, _settings, instance, _node, start.Watcher), "run-" + runId);
        Context.Watch(run);
        _active[run] = instance.Name;
        _log.Info("Run {0} of instance {1} started", runId, instance);
        Sender.Tell(new RunStarted(runId, instance.Name));
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
}

/// <summary>What every run of a client node shares: its TLS identity and its ClusterClient to the receiver.</summary>
public sealed record ClientNodeContext(TlsIdentity Tls, PeerCertificateValidator ReceiverValidator, IActorRef ReceiverClient, string Version);
