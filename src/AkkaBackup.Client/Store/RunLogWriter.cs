using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Runs;
using AkkaBackup.Store;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Client.Store;

/// <summary>
/// <c>/user/run-log</c>: writes every run to the store's run log — a Running row when it starts, its
/// outcome when it ends — one write at a time, so a run's end never lands before its start. Prunes runs
/// older than the <c>log-retention-days</c> setting when the node starts and every few hours.
/// </summary>
public sealed class RunLogWriter : ReceiveActor, IWithTimers
{
    public const string Name = "run-log";

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(6);

    private readonly NodeStore _store;
    private readonly string _stagingDirectory;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RunLogWriter(NodeStore store, string stagingDirectory)
    {
        _store = store;
        _stagingDirectory = stagingDirectory;
        ReceiveAsync<RunBegan>(began => Guarded(began.RunId, () => _store.RunLog.SaveAsync(RunRecords.Began(began.RunId, began.Instance, began.At))));
        ReceiveAsync<RunEnded>(ended => Guarded(ended.Report.RunId, () => SaveEndAsync(ended)));
        ReceiveAsync<Prune>(_ => PruneAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeStore store, string stagingDirectory) =>
        Akka.Actor.Props.Create(() => new RunLogWriter(store, stagingDirectory));

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

    private sealed class Prune
    {
        public static readonly Prune Instance = new();

        private Prune()
        {
        }
    }
}
