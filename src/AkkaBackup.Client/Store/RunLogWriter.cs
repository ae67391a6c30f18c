using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.Store;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Transfers;

namespace AkkaBackup.Client.Store;

/// <summary>
/// <c>/user/run-log</c>: writes every run to the store's run log — a Running row when it starts, its
/// outcome when it ends — and keeps the store's pending transfers (resume token and kept Data.zip of each
/// run that has a sealed archive not yet stored), one write at a time, so a run's end never lands before
/// its start. Prunes runs older than the <c>log-retention-days</c> setting when the node starts and every
/// few hours. The journals stay the authority for recovery; these tables are the operator's record. Once a
/// closed run's end is written here, its events go from the client journal (<see cref="RunJournal"/>), so the
/// journal holds only what recovery needs.
/// </summary>
public sealed class RunLogWriter : ReceiveActor, IWithTimers
{
    public const string Name = "run-log";

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(6);

    private readonly NodeStore _store;
    private readonly string _stagingDirectory;
    private readonly RunJournal _journal;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RunLogWriter(NodeStore store, string stagingDirectory, RunJournal journal)
    {
        _store = store;
        _stagingDirectory = stagingDirectory;
        _journal = journal;
        ReceiveAsync<RunBegan>(began => Guarded(began.RunId, () => _store.RunLog.SaveAsync(RunRecords.Began(began.RunId, began.Instance, began.At))));
        ReceiveAsync<RunEnded>(ended => Guarded(ended.Report.RunId, () => SaveEndAsync(ended)));
        ReceiveAsync<TransferIssued>(issued => Guarded(issued.Transfer.RunId, () => _store.PendingTransfers.SaveAsync(issued.Transfer)));
        ReceiveAsync<TransferAttemptFailed>(failed => Guarded(failed.RunId, () => _store.PendingTransfers.RecordAttemptAsync(failed.RunId, failed.Error)));
        ReceiveAsync<TransferSettled>(settled => Guarded(settled.RunId, () => _store.PendingTransfers.RemoveAsync(settled.RunId)));
        ReceiveAsync<RunRefused>(refused => Guarded(refused.RunId, () => _store.RunLog.SaveAsync(RunRecords.Refused(refused.RunId, refused.Instance, refused.Status, refused.Reason, refused.At))));
        ReceiveAsync<RunClosed>(closed => Guarded(closed.RunId, () => _journal.ForgetAsync(closed.RunId)));
        ReceiveAsync<PendingRunsRecovered>(recovered => Guarded("(node start)", async () =>
        {
            await ForgetOtherTransfersAsync(recovered.RunIds);
            await ForgetEndedRunsAsync(recovered.RunIds);
        }));
        ReceiveAsync<Prune>(_ => PruneAsync());
        Receive<Flush>(_ => Sender.Tell(Akka.Done.Instance));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeStore store, string stagingDirectory, RunJournal journal) =>
        Akka.Actor.Props.Create(() => new RunLogWriter(store, stagingDirectory, journal));

    protected override void PreStart()
    {
        Self.Tell(Prune.Instance);
        Timers.StartPeriodicTimer("prune", Prune.Instance, PruneEvery);
    }

    private async Task SaveEndAsync(RunEnded ended)
    {
        var started = (await _store.RunLog.GetAsync(ended.Report.RunId))?.StartedAt;
        await _store.RunLog.SaveAsync(RunRecords.Ended(ended.Report, started, ended.At, MachineState(ended.Report)));
    }

    /// <summary>
    /// A row whose run the journal no longer holds (the node stopped between journalling a run's end and
    /// this write) would outlive its run; it goes here, at node start.
    /// </summary>
    private async Task ForgetOtherTransfersAsync(IReadOnlySet<string> runIds)
    {
        foreach (var row in await _store.PendingTransfers.ListAsync())
        {
            if (!runIds.Contains(row.RunId) && await _store.PendingTransfers.RemoveAsync(row.RunId))
            {
                _log.Warning("Pending transfers: removed the row of run {0} (transfer {1}, {2}): the client journal holds no open or pending run with that id",
                    row.RunId, row.TransferId, row.ArchivePath);
            }
        }
    }

    private async Task ForgetEndedRunsAsync(IReadOnlySet<string> openOrParked)
    {
        var forgotten = await _journal.ForgetEndedButAsync(openOrParked);
        if (forgotten.Count > 0)
        {
            _log.Info("Client journal: removed the events of {0} ended run(s) the node had not removed before it stopped", forgotten.Count);
        }
    }

    private SystemState MachineState(RunReport report)
    {
        long? freeDisk;
        try
        {
            freeDisk = new DriveInfo(_stagingDirectory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            freeDisk = null;
        }

        var memory = GC.GetGCMemoryInfo();
        return new SystemState(report.FailedPhase.ToString(), freeDisk, memory.TotalAvailableMemoryBytes - memory.MemoryLoadBytes, report.ServerAnswering);
    }

    private async Task PruneAsync()
    {
        try
        {
            var pruned = await _store.RunLog.PruneAsync();
            if (pruned > 0)
            {
                _log.Info("Run log: pruned {0} run(s) older than the log retention", pruned);
            }
        }
        catch (Exception e) when (e is StoreException or Microsoft.Data.Sqlite.SqliteException)
        {
            _log.Error(e, "Run log: pruning failed");
        }
    }

    /// <summary>The run log is a record, not a gate: a failed write is logged and the run goes on.</summary>
    private async Task Guarded(string runId, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is StoreException or Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            _log.Error(e, "Run log: cannot record run {0}", runId);
        }
    }

    /// <summary>RunManager to the writer: a run was registered and is about to start.</summary>
    public sealed record RunBegan(string RunId, string Instance, DateTimeOffset At);

    /// <summary>RunManager to the writer: a run is over. Both times come from the RunManager, so one instance's runs never overlap in the log.</summary>
    public sealed record RunEnded(RunReport Report, DateTimeOffset At);

    /// <summary>Coordinator to the writer: the run's Data.zip is sealed under this resume token (again when the run resumes, or under a fresh id the receiver issued).</summary>
    public sealed record TransferIssued(PendingTransfer Transfer);

    /// <summary>RunManager to the writer: a run ended with its Data.zip kept (a pending transfer); one more failed attempt.</summary>
    public sealed record TransferAttemptFailed(string RunId, string Error);

    /// <summary>RunManager to the writer: the run has no kept archive any more (stored, removed, or discarded).</summary>
    public sealed record TransferSettled(string RunId);

    /// <summary>RunManager to the writer: a run was asked for and did not happen (<see cref="RunStatus.Refused"/> or <see cref="RunStatus.Skipped"/>).</summary>
    public sealed record RunRefused(string RunId, string Instance, RunStatus Status, string Reason, DateTimeOffset At);

    /// <summary>RunManager to the writer: the run is closed (its end written before this, it has no kept archive); its journal goes.</summary>
    public sealed record RunClosed(string RunId);

    /// <summary>RunManager to the writer at node start: the runs its journal holds as open or pending; other rows go.</summary>
    public sealed record PendingRunsRecovered(IReadOnlySet<string> RunIds);

    /// <summary>Answered with <see cref="Akka.Done"/> once every write told before it is done: a stopping node waits for its records.</summary>
    public sealed class Flush
    {
        public static readonly Flush Instance = new();

        private Flush()
        {
        }
    }

    private sealed class Prune
    {
        public static readonly Prune Instance = new();

        private Prune()
        {
        }
    }
}
