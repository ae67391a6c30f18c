using Akka.Actor;
using Akka.Event;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Overdue;

/// <summary>
/// <c>/user/overdue</c>, the receiver's dead man's switch (DESIGN invariant 9): every <c>check-interval</c> it assesses
/// each client/instance the catalog has seen filed (<see cref="InstanceWatch"/>), remembers a new overdue episode in
/// the catalog and raises its alert once, and raises an info alert when a filing ends the episode. The check runs off
/// the mailbox, one at a time; a check that fails (the catalog unreadable) is logged and tried again next time.
/// </summary>
public sealed class OverdueWatch : ReceiveActor, IWithTimers
{
    public const string Name = "overdue";

    private readonly CatalogOpener _catalog;
    private readonly OverdueSettings _settings;
    private readonly string _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _checking;

    public OverdueWatch(CatalogOpener catalog, OverdueSettings settings, string node)
    {
        _catalog = catalog;
        _settings = settings;
        _node = node;
        Receive<CheckNow>(_ => Check());
        Receive<Checked>(Report);
        Receive<Status.Failure>(f =>
        {
            _checking = false;
            _log.Warning("Overdue check failed ({0}); tried again in {1}", f.Cause.Message, _settings.CheckInterval);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CatalogOpener catalog, OverdueSettings settings, string node) =>
        Akka.Actor.Props.Create(() => new OverdueWatch(catalog, settings, node));

    protected override void PreStart() => Timers.StartPeriodicTimer("check", CheckNow.Instance, _settings.CheckInterval);

    private void Check()
    {
        if (_checking)
        {
            return;
        }

        _checking = true;
        var (catalog, settings) = (_catalog, _settings);
        Task.Run(() => CheckAsync(catalog, settings, DateTimeOffset.UtcNow)).PipeTo(Self);
    }

    /// <summary>Assesses every instance and records each episode's start or end before its alert goes out.</summary>
    private static async Task<Checked> CheckAsync(CatalogOpener opener, OverdueSettings settings, DateTimeOffset now)
    {
        var catalog = await opener.OpenAsync();
        var acted = new List<InstanceWatch>();
        foreach (var watch in await InstanceWatch.AssessAsync(catalog, settings, now))
        {
            switch (watch.Step)
            {
                case OverdueStep.RaiseOverdue:
                    await catalog.MarkOverdueAsync(watch.Key, watch.Instance.LastFiled, now);
                    break;
                case OverdueStep.RaiseRecovered or OverdueStep.Clear:
                    await catalog.ClearOverdueAsync(watch.Key);
                    break;
                default:
                    continue;
            }

            acted.Add(watch);
        }

        return new Checked(acted, now);
    }

    private void Report(Checked done)
    {
        _checking = false;
        var events = Context.System.EventStream;
        foreach (var watch in done.Acted)
        {
            var entry = new CatalogEntry(done.At, CatalogEvent.Overdue) { Client = watch.Key.Client, Instance = watch.Key.Instance };
            switch (watch.Step)
            {
                case OverdueStep.RaiseOverdue:
                    var overdue = OverdueAlerts.Overdue(_node, watch, done.At);
                    _log.Warning("Overdue: {0}", overdue.Title);
                    events.Publish(overdue);
                    events.Publish(entry with { Reason = overdue.Body.Split('\n')[0] });
                    break;
                case OverdueStep.RaiseRecovered:
                    var recovered = OverdueAlerts.Recovered(_node, watch, done.At);
                    _log.Info("Recovered: {0}", recovered.Title);
                    events.Publish(recovered);
                    events.Publish(entry with { Event = CatalogEvent.Recovered, Reason = recovered.Body });
                    break;
                default:
                    _log.Info("{0} is no longer overdue ({1}); the episode ends without an alert", watch.Key, OverdueAlerts.Describe(watch.Expected.Source));
                    break;
            }
        }
    }

    private sealed record Checked(IReadOnlyList<InstanceWatch> Acted, DateTimeOffset At);

    private sealed class CheckNow
    {
        public static readonly CheckNow Instance = new();

        private CheckNow()
        {
        }
    }
}
