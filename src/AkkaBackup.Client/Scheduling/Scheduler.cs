using Akka.Actor;
using Akka.Event;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Scheduling;

/// <summary>
/// <c>/user/scheduler</c>: every second, reads the schedules from the node's store and asks the RunManager
/// for the runs that are due (Cronos, time-zone aware, seconds allowed). Missed firings follow each
/// schedule's misfire policy; firings of an instance that already has a run running or queued are left
/// for later, so one instance never gets two runs at once. With the <c>auto-start</c> setting off, the
/// scheduler starts paused (no schedule fires) until it is resumed, and with schedules configured it raises a
/// warning alert saying so. A firing skipped by its misfire policy leaves a run-log row (skipped) and an alert.
/// </summary>
public sealed class Scheduler : ReceiveActor, IWithTimers
{
    public const string Name = "scheduler";

    private static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly NodeStore _store;
    private readonly IActorRef _runs;
    private readonly string _nodeName;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _reportedBroken = new(StringComparer.Ordinal);
    private bool _paused = true;

    public Scheduler(NodeStore store, IActorRef runs, string nodeName, TimeProvider time)
    {
        _store = store;
        _runs = runs;
        _nodeName = nodeName;
        _time = time;
        ReceiveAsync<Start>(_ => StartAsync());
        ReceiveAsync<Tick>(_ => Guarded(TickAsync));
        Receive<PauseSchedules>(_ =>
        {
            _paused = true;
            _log.Info("Schedules paused");
            Sender.Tell(new SchedulerState(Paused: true));
        });
        Receive<ResumeSchedules>(_ =>
        {
            _paused = false;
            _log.Info("Schedules resumed");
            Sender.Tell(new SchedulerState(Paused: false));
        });
        Receive<GetSchedulerState>(_ => Sender.Tell(new SchedulerState(_paused)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeStore store, IActorRef runs, string nodeName, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new Scheduler(store, runs, nodeName, time ?? TimeProvider.System));

    protected override void PreStart() => Self.Tell(Start.Instance);

    protected override bool AroundReceive(Receive receive, object message) =>
        NodeLocal.Refuses(Sender, message, Context.GetLogger()) || base.AroundReceive(receive, message);

    private async Task StartAsync()
    {
        var settings = await _store.Settings.GetAsync();
        _paused = !settings.AutoStart;
        var schedules = await _store.Schedules.ListAsync();
        if (_paused)
        {
            _log.Warning("Schedules are paused: auto-start is off ({0} schedule(s) configured); set auto-start = true, or resume them from the console", schedules.Count);
            if (schedules.Count > 0)
            {
                Context.System.EventStream.Publish(BackupAlerts.SchedulesPaused(_nodeName, schedules.Count, _time.GetUtcNow()));
            }
        }
        else
        {
            _log.Info("Scheduler started: {0} schedule(s)", schedules.Count);
        }

        Timers.StartPeriodicTimer("tick", Tick.Instance, TickEvery);
    }

    private async Task TickAsync()
    {
        if (_paused)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var entries = await _store.Schedules.ListAsync();
        var decisions = SchedulePlanner.Decide(entries, now);
        if (decisions.Count == 0)
        {
            return;
        }

        foreach (var broken in decisions.Where(d => d.Verdict == ScheduleVerdict.Broken))
        {
            if (_reportedBroken.Add(broken.Entry.Schedule.Name))
            {
                _log.Error("Schedule '{0}' cannot fire: {1}", broken.Entry.Schedule.Name, broken.Problem);
            }
        }

        foreach (var skipped in decisions.Where(d => d.Verdict == ScheduleVerdict.SkipMissed))
        {
            await _store.Schedules.RecordSkippedAsync(skipped.Entry.Schedule.Name, now);
            _log.Warning("Schedule '{0}': firing(s) since {1:u} were missed and are skipped (misfire = skip)", skipped.Entry.Schedule.Name, skipped.Occurrence);
            await RecordSkippedAsync(skipped, now);
        }

        var list = await _runs.Ask<RunList>(ListRuns.Instance, AskTimeout);
        var busy = list.Running.Concat(list.Queued).Select(r => r.Instance).ToHashSet(StringComparer.Ordinal);
        foreach (var due in DueRuns.Select(decisions, busy))
        {
            await StartAsync(due, now);
        }
    }

    private async Task StartAsync(DueRun due, DateTimeOffset now)
    {
        var names = string.Join(", ", due.Firings.Select(f => $"'{f.Entry.Schedule.Name}'"));
        var answer = await _runs.Ask<object>(new StartRun(due.Instance, ActorRefs.Nobody, $"schedule {names}"), AskTimeout);
        switch (answer)
        {
            case RunStarted started:
                _log.Info("Schedule {0} started run {1} of {2}", names, started.RunId, due.Instance);
                break;
            case RunQueued queued:
                _log.Info("Schedule {0} queued run {1} of {2}", names, queued.RunId, due.Instance);
                break;
            case RunRejected rejected:
                // Recorded as fired all the same: the firing was dealt with, and retrying every second would not help.
                _log.Error("Schedule {0} could not start a run of {1}: {2}", names, due.Instance, rejected.Reason);
                break;
        }

        foreach (var firing in due.Firings)
        {
            await _store.Schedules.RecordFiredAsync(firing.Entry.Schedule.Name, now);
        }
    }

    /// <summary>The run that did not happen: a run-log row and a warning alert.</summary>
    private async Task RecordSkippedAsync(ScheduleDecision skipped, DateTimeOffset now)
    {
        var schedule = skipped.Entry.Schedule;
        var runId = RunManager.NewRunId();
        var reason = $"schedule '{schedule.Name}' missed its firing(s) since {skipped.Occurrence:u} (the node was down or its schedules paused) and skips them (misfire = skip)";
        await _store.RunLog.SaveAsync(RunRecords.Refused(runId, schedule.Instance, RunStatus.Skipped, reason, now));
        Context.System.EventStream.Publish(BackupAlerts.RunSkipped(_nodeName, schedule.Instance, runId, reason, now));
    }

    /// <summary>A tick that fails (store busy, RunManager slow) is logged; the next tick tries again.</summary>
    private async Task Guarded(Func<Task> tick)
    {
        try
        {
            await tick();
        }
        catch (Exception e) when (e is StoreException or Microsoft.Data.Sqlite.SqliteException or AskTimeoutException)
        {
            _log.Error(e, "Scheduler: this tick failed; trying again in {0} s", TickEvery.TotalSeconds);
        }
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();

        private Start()
        {
        }
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }
}
