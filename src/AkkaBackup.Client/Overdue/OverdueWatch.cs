using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Store;

namespace AkkaBackup.Client.Overdue;

/// <summary>
/// <c>/user/overdue</c>: every <c>check-every</c>, finds the instances that have had no successful backup within
/// their expected interval (<see cref="OverdueCheck"/>) and raises one warning alert per episode, and an info alert
/// when the instance has a successful backup again. Episodes live in memory: a node restarted while an instance
/// is overdue alerts once more.
/// </summary>
public sealed class OverdueWatch : ReceiveActor, IWithTimers
{
    public const string Name = "overdue";

    private readonly NodeStore _store;
    private readonly string _nodeName;
    private readonly TimeSpan _checkEvery;
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;
    private readonly Dictionary<string, InstanceOverdue> _overdue = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public OverdueWatch(NodeStore store, string nodeName, TimeSpan checkEvery)
    {
        _store = store;
        _nodeName = nodeName;
        _checkEvery = checkEvery;
        Receive<Check>(_ => OverdueCheck.EvaluateAsync(_store, _since, DateTimeOffset.UtcNow)
            .PipeTo(Self, success: found => new Checked(found), failure: e => new CheckFailed(e)));
        Receive<Checked>(c => Update(c.Instances));
        Receive<CheckFailed>(f => _log.Error(f.Cause, "Overdue check: cannot read the configuration store; trying again in {0}", _checkEvery));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeStore store, string nodeName, TimeSpan checkEvery) =>
        Akka.Actor.Props.Create(() => new OverdueWatch(store, nodeName, checkEvery));

    protected override void PreStart() => Timers.StartPeriodicTimer("check", Check.Instance, _checkEvery);

    protected override bool AroundReceive(Receive receive, object message) =>
        NodeLocal.Refuses(Sender, message, _log) || base.AroundReceive(receive, message);

    private void Update(IReadOnlyList<InstanceOverdue> instances)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var instance in instances)
        {
            if (instance.Overdue && _overdue.TryAdd(instance.Instance, instance))
            {
                _log.Warning("Instance {0} is overdue: no successful backup since {1} (expected every {2})",
                    instance.Instance, instance.LastSuccess?.ToString("u") ?? "the node started", instance.ExpectedInterval);
                Context.System.EventStream.Publish(BackupAlerts.InstanceOverdue(_nodeName, instance.Instance, instance.ExpectedInterval, instance.LastSuccess, now));
            }
            else if (!instance.Overdue && _overdue.Remove(instance.Instance) && instance.LastSuccess is { } last)
            {
                _log.Info("Instance {0} is no longer overdue: a backup succeeded at {1:u}", instance.Instance, last);
                Context.System.EventStream.Publish(BackupAlerts.InstanceOverdueRecovered(_nodeName, instance.Instance, last, now));
            }
        }

        // An instance removed, or no longer watched, ends its episode without news.
        foreach (var gone in _overdue.Keys.Except(instances.Select(i => i.Instance)).ToList())
        {
            _overdue.Remove(gone);
        }
    }

    private sealed class Check
    {
        public static readonly Check Instance = new();

        private Check()
        {
        }
    }

    private sealed record Checked(IReadOnlyList<InstanceOverdue> Instances);

    private sealed record CheckFailed(Exception Cause);
}
