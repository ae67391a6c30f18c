using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Drills;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Catalog;

/// <summary>
/// <c>/user/catalog</c>: takes the <see cref="CatalogEntry"/> rows the receiver's actors publish on the event stream
/// (and every <see cref="PeerRefused"/> of the transports, every <see cref="DrillOutcome"/> of the drill schedule) and writes them in batches, one write at a time, off its
/// mailbox. Nobody waits for it: a transfer is filed whether or not its row is written. A failed write is logged and
/// alerted, its rows are held and written with the next batch; at most <c>max-pending</c> rows wait (identical
/// refusals become one row with a count), more are dropped and counted in the log. Prunes rows older than
/// <c>retention-days</c> at start and daily.
/// </summary>
public sealed class CatalogWriter : ReceiveActor, IWithTimers
{
    public const string Name = "catalog";

    private static readonly TimeSpan PruneInterval = TimeSpan.FromDays(1);

    private readonly CatalogOpener _catalog;
    private readonly CatalogSettings _settings;
    private readonly string _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<CatalogEntry> _pending = [];
    private readonly List<IActorRef> _flushWaiters = [];
    private bool _writing;
    private bool _failing;
    private int _dropped;

    public CatalogWriter(CatalogOpener catalog, CatalogSettings settings, string node)
    {
        _catalog = catalog;
        _settings = settings;
        _node = node;
        Receive<CatalogEntry>(entry => !NodeLocal.Refuses(Sender, entry, _log), Add);
        Receive<PeerRefused>(refused => !NodeLocal.Refuses(Sender, refused, _log),
            refused => Add(new CatalogEntry(refused.At, CatalogEvent.Refused) { Peer = refused.Address, Reason = refused.Reason }));
        Receive<DrillOutcome>(outcome => !NodeLocal.Refuses(Sender, outcome, _log), outcome => Add(CatalogEntries.Drilled(outcome)));
        Receive<WriteNow>(_ => Write());
        Receive<Written>(Done);
        Receive<WriteFailed>(Failed);
        Receive<FlushCatalog>(_ =>
        {
            _flushWaiters.Add(Sender);
            Write();
            AnswerFlushed();
        });
        Receive<PruneNow>(_ => Prune());
        Receive<Pruned>(p =>
        {
            if (p.Rows > 0)
            {
                _log.Info("Fleet catalog: {0} row(s) older than {1} days pruned", p.Rows, _settings.RetentionDays);
            }
        });
        Receive<Status.Failure>(f => _log.Warning("Fleet catalog {0}: pruning failed: {1}", _catalog.Path, f.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CatalogOpener catalog, CatalogSettings settings, string node) =>
        Akka.Actor.Props.Create(() => new CatalogWriter(catalog, settings, node));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("write", WriteNow.Instance, _settings.FlushInterval);
        Timers.StartPeriodicTimer("prune", PruneNow.Instance, TimeSpan.Zero, PruneInterval);
    }

    private void Add(CatalogEntry entry)
    {
        var same = entry.Event == CatalogEvent.Refused ? _pending.FindLastIndex(p => IsRepeat(p, entry)) : -1;
        if (same >= 0)
        {
            _pending[same] = _pending[same] with { Count = _pending[same].Count + entry.Count };
        }
        else if (_pending.Count < _settings.MaxPending)
        {
            _pending.Add(entry);
        }
        else
        {
            _dropped++;
        }
    }

    private static bool IsRepeat(CatalogEntry held, CatalogEntry next) =>
        held.Event == CatalogEvent.Refused && held.Client == next.Client && held.Instance == next.Instance && held.Peer == next.Peer && held.Reason == next.Reason;

    private void Write()
    {
        if (_dropped > 0)
        {
            _log.Warning("Fleet catalog: {0} row(s) dropped, {1} were already waiting to be written (catalog.max-pending)", _dropped, _settings.MaxPending);
            _dropped = 0;
        }

        if (_writing || _pending.Count == 0)
        {
            return;
        }

        _writing = true;
        var batch = _pending.ToList();
        _pending.Clear();
        var catalog = _catalog;
        Task.Run(async () =>
        {
            await (await catalog.OpenAsync()).AppendAsync(batch);
            return batch.Count;
        }).PipeTo(Self, success: rows => new Written(rows), failure: e => new WriteFailed(batch, e));
    }

    private void Done(Written written)
    {
        _writing = false;
        if (_failing)
        {
            _failing = false;
            _log.Info("Fleet catalog {0} is written again ({1} held row(s) written)", _catalog.Path, written.Rows);
        }

        if (_pending.Count > 0 && _flushWaiters.Count > 0)
        {
            Write();
        }

        AnswerFlushed();
    }

    private void Failed(WriteFailed failed)
    {
        _writing = false;
        var cause = failed.Cause is AggregateException { InnerException: { } inner } ? inner : failed.Cause;
        _log.Error(cause, "Fleet catalog {0}: {1} row(s) not written; they are held and written with the next batch (backups are still stored)", _catalog.Path, failed.Batch.Count);
        if (!_failing)
        {
            _failing = true;
            Context.System.EventStream.Publish(CatalogAlerts.Unavailable(_node, _catalog.Path, cause.Message, DateTimeOffset.UtcNow));
        }

        var room = Math.Max(0, _settings.MaxPending - _pending.Count);
        _dropped += Math.Max(0, failed.Batch.Count - room);
        _pending.InsertRange(0, failed.Batch.Take(room));

        // A waiting shutdown does not wait for a catalog that cannot be written.
        _flushWaiters.ForEach(w => w.Tell(CatalogFlushed.Instance));
        _flushWaiters.Clear();
    }

    private void AnswerFlushed()
    {
        if (!_writing && _pending.Count == 0)
        {
            _flushWaiters.ForEach(w => w.Tell(CatalogFlushed.Instance));
            _flushWaiters.Clear();
        }
    }

    private void Prune()
    {
        var catalog = _catalog;
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromDays(_settings.RetentionDays);
        Task.Run(async () => new Pruned(await (await catalog.OpenAsync()).PruneAsync(cutoff))).PipeTo(Self);
    }

    /// <summary>Asked by the node when it stops: answered with <see cref="CatalogFlushed"/> once what is held is written (or cannot be).</summary>
    public sealed class FlushCatalog
    {
        public static readonly FlushCatalog Instance = new();

        private FlushCatalog()
        {
        }
    }

    public sealed class CatalogFlushed
    {
        public static readonly CatalogFlushed Instance = new();

        private CatalogFlushed()
        {
        }
    }

    private sealed record Written(int Rows);

    private sealed record WriteFailed(IReadOnlyList<CatalogEntry> Batch, Exception Cause);

    private sealed record Pruned(int Rows);

    private sealed class WriteNow
    {
        public static readonly WriteNow Instance = new();

        private WriteNow()
        {
        }
    }

    private sealed class PruneNow
    {
        public static readonly PruneNow Instance = new();

        private PruneNow()
        {
        }
    }
}
