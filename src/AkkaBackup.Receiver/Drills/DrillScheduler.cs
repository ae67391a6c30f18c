using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Retention;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// <c>/user/drills</c>: at every firing of <c>receiver.drills.schedule</c> (if one is set), drills the newest stored backup of each
/// client/instance, one at a time, off the mailbox; a backup drilled before is drilled again (its bytes are read
/// again: damage since the last drill shows). <see cref="DrillNow"/> (an operator on the dashboard) queues one instance's
/// newest backup the same way. Each outcome goes to <c>&lt;archive&gt;.drill.json</c>, to the log, to the event stream as a
/// <see cref="DrillOutcome"/> (which the fleet catalog records), and a failure or refusal raises an alert. A firing that
/// comes while a pass still runs is skipped; firings missed while the node was down are not made up.
/// </summary>
public sealed class DrillScheduler : ReceiveActor, IWithTimers
{
    public const string Name = "drills";

    private readonly ReceiverSettings _receiver;
    private readonly DrillSettings _drills;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<StoredBackup> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _current;
    private string? _currentPath;

    public DrillScheduler(ReceiverSettings receiver, DrillSettings drills)
    {
        _receiver = receiver;
        _drills = drills;
        Receive<Fire>(_ => Fired());
        Receive<DrillNow>(request => !NodeLocal.Refuses(Sender, request, _log), DrillNowFor);
        Receive<Drilled>(Record);
        Receive<Status.Failure>(failure =>
        {
            _log.Error(failure.Cause, "A drill could not be run");
            RunNext();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ReceiverSettings receiver, DrillSettings drills) => Akka.Actor.Props.Create(() => new DrillScheduler(receiver, drills));

    protected override void PreStart()
    {
        if (_drills.Schedule is null)
        {
            _log.Info("Restore drills: none scheduled, on request only; scratch copies in {0}", _drills.ScratchDirectory);
            return;
        }

        _log.Info("Restore drills scheduled: '{0}' ({1}); scratch copies in {2}", _drills.ScheduleText, _drills.Schedule.Zone.Id, _drills.ScratchDirectory);
        ScheduleNext();
    }

    /// <summary>A drill under way is cancelled: its server killed and its scratch copy removed before the node goes.</summary>
    protected override void PostStop()
    {
        _stopping.Cancel();
        _current?.Wait(TimeSpan.FromSeconds(30));
    }

    private void ScheduleNext()
    {
        var now = DateTimeOffset.UtcNow;
        if (_drills.Schedule!.NextAfter(now) is { } next)
        {
            Timers.StartSingleTimer("drill", Fire.Instance, next - now);
        }
        else
        {
            _log.Warning("The drill schedule '{0}' never fires again", _drills.ScheduleText);
        }
    }

    private void Fired()
    {
        ScheduleNext();
        if (_current is not null)
        {
            _log.Warning("Drill schedule fired while the last pass still runs; this firing is skipped");
            return;
        }

        if (Candidates() is not { } candidates)
        {
            return;
        }

        foreach (var backup in candidates)
        {
            _queue.Enqueue(backup);
        }

        _log.Info("Drill pass: {0} backup(s) to drill", _queue.Count);
        RunNext();
    }

    private void DrillNowFor(DrillNow request)
    {
        if (Candidates() is not { } candidates)
        {
            Sender.Tell(new DrillNotQueued($"the store {_receiver.StoreDirectory} cannot be read; see the receiver's log"));
            return;
        }

        if (candidates.FirstOrDefault(b => b.Instance == request.Instance) is not { } backup)
        {
            Sender.Tell(new DrillNotQueued($"the store holds no verified backup of {request.Instance}"));
            return;
        }

        if (_queue.Any(b => b.Path == backup.Path) || _currentPath == backup.Path)
        {
            Sender.Tell(new DrillQueued(backup.Path, _queue.Count, AlreadyQueued: true));
            return;
        }

        _log.Info("Drill of {0} ({1}) asked for by {2}", backup.Path, backup.Instance, request.AskedBy);
        Sender.Tell(new DrillQueued(backup.Path, _queue.Count + (_current is null ? 0 : 1), AlreadyQueued: false));
        _queue.Enqueue(backup);
        if (_current is null)
        {
            RunNext();
        }
    }

    /// <summary>The newest verified backup of each instance; null (and logged) when the store cannot be read.</summary>
    private IReadOnlyList<StoredBackup>? Candidates()
    {
        try
        {
            return DrillCandidates.Newest(StoreScanner.Scan(_receiver.StoreDirectory).Backups);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Drills: the store {0} cannot be read", _receiver.StoreDirectory);
            return null;
        }
    }

    private void RunNext()
    {
        if (!_queue.TryDequeue(out var backup))
        {
            _current = null;
            _currentPath = null;
            return;
        }

        _currentPath = backup.Path;

        var request = DrillRequest.Of(backup.Path, _drills);
        var log = _log;
        _log.Info("Drill of {0} ({1}) starts", backup.Path, backup.Instance);
        var drill = Task.Run(() => RestoreDrill.RunAsync(request, line => log.Info("Drill: {0}", line), _stopping.Token));
        _current = drill;
        drill.PipeTo(Self, success: outcome => new Drilled(outcome));
    }

    private void Record(Drilled drilled)
    {
        var outcome = drilled.Outcome;
        try
        {
            DrillReport.Write(outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Drill report of {0} could not be written: {1}", outcome.ArchivePath, e.Message);
        }

        if (outcome.Passed)
        {
            _log.Info("Drill of {0} ({1}) passed: {2} tables checked in {3:0.0} s", outcome.ArchivePath, outcome.Subject, outcome.Tables.Count, outcome.Duration.TotalSeconds);
        }
        else
        {
            _log.Error("Drill of {0} ({1}) {2}: {3}", outcome.ArchivePath, outcome.Subject, outcome.Status == DrillStatus.Refused ? "was refused" : "FAILED", outcome.Error);
        }

        Context.System.EventStream.Publish(outcome);
        if (DrillAlerts.For(outcome, _receiver.NodeName, DateTimeOffset.UtcNow) is { } alert)
        {
            Context.System.EventStream.Publish(alert);
        }

        RunNext();
    }

    private sealed class Fire
    {
        public static readonly Fire Instance = new();

        private Fire()
        {
        }
    }

    private sealed record Drilled(DrillOutcome Outcome);
}
