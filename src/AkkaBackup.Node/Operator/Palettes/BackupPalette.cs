using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.RunLog;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>backup run|cancel|list|show|watch|pending|retry|discard</c>.</summary>
public static class BackupPalette
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("backup", "run", "backup run [--instance <name>] [--type cold|snapshot|hot] [--watch]", "start (or queue) a backup now (of the instance's type unless --type says otherwise); --watch follows it and exits with its exit code", ["instance", "type"], ["watch"], RunAsync),
        new("backup", "cancel", "backup cancel <run-id>", "cancel a queued or running run: the server is started again if it was stopped; exit 1 when it comes too late", [], [], CancelAsync),
        new("backup", "list", "backup list", "runs in progress and the queue", [], [], ListAsync),
        new("backup", "show", "backup show <run-id>", "one run from the run log: phases, sizes, checksum, error", [], [], ShowAsync),
        new("backup", "watch", "backup watch <run-id>", "live progress (phase, bytes, MB/s, ETA) until the run ends; exits with its exit code", [], [], WatchAsync),
        new("backup", "pending", "backup pending", "failed runs whose sealed archive is kept (a complete backup) for a retry", [], [], PendingAsync),
        new("backup", "retry", "backup retry <run-id> [--watch]", "send a pending transfer's kept archive again (only what the receiver lacks)", [], ["watch"], RetryAsync),
        new("backup", "discard", "backup discard <run-id>", "delete a pending transfer's kept archive", [], [], DiscardAsync),
    ];

    private static async Task<int> RunAsync(ConsoleCall call)
    {
        var type = BackupTypes.ParseOption(call.Args.Option("type"));
        var (follower, finished) = call.Args.Flag("watch") ? RunFollowers.Start(call) : (ActorRefs.Nobody, Task.FromResult<Client.Runs.RunReport>(null!));
        var answer = await call.Client.Runs.Ask<object>(new StartRun(call.Args.Option("instance"), follower, "console", type), AskTimeout);
        switch (answer)
        {
            case RunRejected rejected:
                call.Node.System.Stop(follower);
                return call.Fail(rejected.Reason, rejected.BadInput ? 2 : 1);
            case RunStarted started:
                Say(call, new RunStateJson(started.RunId, started.Instance, "started", null), $"Run {started.RunId} of '{started.Instance}' started.");
                break;
            case RunQueued queued:
                Say(call, new RunStateJson(queued.RunId, queued.Instance, "queued", queued.Position), $"Run {queued.RunId} of '{queued.Instance}' queued at position {queued.Position}.");
                break;
        }

        return call.Args.Flag("watch") ? RunFollowers.Report(call, await finished) : 0;
    }

    private static async Task<int> CancelAsync(ConsoleCall call)
    {
        var runId = call.Subject("run id");
        var answer = await call.Client.Runs.Ask<object>(new CancelRunById(runId, "cancelled from the console"), AskTimeout);
        switch (answer)
        {
            case CancelDeclined declined:
                return call.Fail($"run {runId} was not cancelled: {declined.Why}", 1);
            case RunRejected { BadInput: true } when await LoggedAsync(call, runId) is { Status: not RunStatus.Running } run:
                return call.Fail($"run {runId} was not cancelled: it already finished ({run.Status.ToString().ToLowerInvariant()})", 1);
            case RunRejected rejected:
                return call.Fail(rejected.Reason, rejected.BadInput ? 2 : 1);
        }

        var accepted = (CancelAccepted)answer;
        Say(call, accepted, OutputJsonContext.Default.CancelAccepted, accepted.WasQueued
            ? $"Run {runId} removed from the queue; it never started."
            : $"Run {runId} is being cancelled; `backup watch {runId}` follows it until its server answers again.");
        return 0;
    }

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var runs = await call.Client.Runs.Ask<RunList>(ListRuns.Instance, AskTimeout);
        if (call.Json)
        {
            call.WriteJson(runs, OutputJsonContext.Default.RunList);
            return 0;
        }

        var rows = runs.Running.Select(r => Row("running", r)).Concat(runs.Queued.Select(q => Row("queued", q))).ToList();
        if (rows.Count == 0)
        {
            call.Out.WriteLine("No runs in progress or queued.");
            return 0;
        }

        ConsoleTable.Write(call.Out, ["STATE", "RUN", "INSTANCE", "SINCE", "TRIGGER"], rows);
        return 0;
    }

    private static async Task<int> ShowAsync(ConsoleCall call)
    {
        var runId = call.Subject("run id");
        var run = await call.Client.Store.RunLog.GetAsync(runId);
        if (run is null)
        {
            return call.Fail($"run '{runId}' is not in the run log (a queued run is listed by `backup list`)", 2);
        }

        if (call.Json)
        {
            call.WriteJson(run, OutputJsonContext.Default.RunRecord);
            return 0;
        }

        LogPalette.Describe(run, call.Out);
        return 0;
    }

    private static async Task<int> WatchAsync(ConsoleCall call)
    {
        var runId = call.Subject("run id");
        var (follower, finished) = RunFollowers.Start(call);
        var answer = await call.Client.Runs.Ask<object>(new WatchRun(runId, follower), AskTimeout);
        if (answer is WatchingRun watching)
        {
            if (!call.Json)
            {
                call.Out.WriteLine($"Watching run {watching.RunId} of '{watching.Instance}'…");
                call.Flush();
            }

            return RunFollowers.Report(call, await finished);
        }

        call.Node.System.Stop(follower);

        // Over already: say how it ended, with the exit code it had.
        if (await LoggedAsync(call, runId) is { } run && run.Status != RunStatus.Running)
        {
            if (call.Json)
            {
                call.WriteJson(new RunEndedJson(run.RunId, run.Status, run.EndedAt), OutputJsonContext.Default.RunEndedJson);
            }
            else
            {
                call.Out.WriteLine($"Run {runId} has already ended: {run.Status}.");
            }

            return run.Status == RunStatus.Succeeded ? 0 : run.Error?.State.ServerReachable == false ? 3 : 1;
        }

        return call.Fail(((RunRejected)answer).Reason, 2);
    }

    private static async Task<int> PendingAsync(ConsoleCall call)
    {
        var pending = await call.Client.Runs.Ask<PendingTransfers>(ListPending.Instance, AskTimeout);
        if (call.Json)
        {
            call.WriteJson(pending.Transfers, OutputJsonContext.Default.IReadOnlyListPendingTransfer);
            return 0;
        }

        if (pending.Transfers.Count == 0)
        {
            call.Out.WriteLine("No pending transfers.");
            return 0;
        }

        ConsoleTable.Write(call.Out, ["RUN", "INSTANCE", "KEPT", "SIZE", "RESUME TOKEN", "ATTEMPTS", "FAILED", "ERROR"], pending.Transfers.Select(p => (IReadOnlyList<string>)
            [p.RunId, p.Instance, p.ArchivePath, ConsoleValues.Size(p.ArchiveBytes), p.TransferId ?? "-", p.Attempts?.ToString() ?? "-", ConsoleValues.When(p.FailedAt), p.Error]));
        return 0;
    }

    private static async Task<int> RetryAsync(ConsoleCall call)
    {
        var runId = call.Subject("run id");
        var watch = call.Args.Flag("watch");
        var (follower, finished) = watch ? RunFollowers.Start(call) : (ActorRefs.Nobody, Task.FromResult<Client.Runs.RunReport>(null!));
        var answer = await call.Client.Runs.Ask<object>(new RetryPending(runId, follower), AskTimeout);
        if (answer is RunRejected rejected)
        {
            call.Node.System.Stop(follower);
            return call.Fail(rejected.Reason, 2);
        }

        Say(call, new RunStateJson(runId, null, "retrying", null), $"Retrying the pending transfer of run {runId}.");
        return watch ? RunFollowers.Report(call, await finished) : 0;
    }

    private static async Task<int> DiscardAsync(ConsoleCall call)
    {
        var runId = call.Subject("run id");
        var answer = await call.Client.Runs.Ask<object>(new DiscardPending(runId), AskTimeout);
        if (answer is RunRejected rejected)
        {
            return call.Fail(rejected.Reason, 2);
        }

        var discarded = (PendingDiscarded)answer;
        Say(call, discarded, OutputJsonContext.Default.PendingDiscarded, $"Discarded the pending transfer of run {runId}; deleted {discarded.ArchivePath}.");
        return 0;
    }

    /// <summary>
    /// A run's row in the run log once every write told before now is done: the RunManager tells the run log writer
    /// of a run's end before it forgets the run, so a run it no longer knows has its end in the row read here.
    /// </summary>
    private static async Task<RunRecord?> LoggedAsync(ConsoleCall call, string runId)
    {
        await call.Client.RunLog.Ask<Akka.Done>(RunLogWriter.Flush.Instance, AskTimeout);
        return await call.Client.Store.RunLog.GetAsync(runId);
    }

    private static IReadOnlyList<string> Row(string state, RunEntry r) => [state, r.RunId, r.Instance, ConsoleValues.When(r.Since), r.Trigger];

    private static void Say(ConsoleCall call, RunStateJson json, string human) => Say(call, json, OutputJsonContext.Default.RunStateJson, human);

    private static void Say<T>(ConsoleCall call, T json, JsonTypeInfo<T> type, string human)
    {
        if (call.Json)
        {
            call.WriteJson(json, type);
        }
        else
        {
            call.Out.WriteLine(human);
        }

        call.Flush();
    }
}
