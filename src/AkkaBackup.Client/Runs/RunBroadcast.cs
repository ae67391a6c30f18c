using Akka.Actor;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// <c>/user/runs/watch-&lt;id&gt;</c>: the watcher a run reports to. Passes progress and the final report
/// to whoever asked for the run and to every console that watches it; stops after the report.
/// </summary>
public sealed class RunBroadcast : ReceiveActor
{
    private readonly HashSet<IActorRef> _watchers = [];

    public RunBroadcast(IActorRef requester)
    {
        if (!requester.IsNobody())
        {
            _watchers.Add(requester);
        }

        Receive<WatchRun>(w =>
        {
            _watchers.Add(w.Watcher);
            Context.Watch(w.Watcher);
        });
        Receive<Terminated>(t => _watchers.Remove(t.ActorRef));
        Receive<RunProgress>(Tell);
        Receive<RunFinished>(f =>
        {
            Tell(f);
            Context.Stop(Self);
        });
    }

    public static string NameFor(string runId) => "watch-" + runId;

    public static Props Props(IActorRef requester) => Akka.Actor.Props.Create(() => new RunBroadcast(requester));

    private void Tell(object message)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Tell(message);
        }
    }
}
