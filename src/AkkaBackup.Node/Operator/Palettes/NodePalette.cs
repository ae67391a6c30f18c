using Akka.Actor;
using AkkaBackup.Client.Overdue;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Node.Output;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>node status|pause|resume</c>.</summary>
public static class NodePalette
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("node", "status", "node status", "paused schedules first, then role, version, uptime, runs and queue, overdue instances, free disk, schedules", [], [], StatusAsync),
        new("node", "pause", "node pause", "stop every schedule from firing (runs in progress go on)", [], [], c => SchedulesAsync(c, PauseSchedules.Instance)),
        new("node", "resume", "node resume", "let schedules fire again; missed firings follow their misfire policy", [], [], c => SchedulesAsync(c, ResumeSchedules.Instance)),
    ];

    private static async Task<int> StatusAsync(ConsoleCall call)
    {
        var node = call.Client;
        var runs = await node.Runs.Ask<RunList>(ListRuns.Instance, AskTimeout);
        var paused = node.Scheduler.IsNobody() ? (bool?)null : (await node.Scheduler.Ask<SchedulerState>(GetSchedulerState.Instance, AskTimeout)).Paused;
        var schedules = await node.Store.Schedules.ListAsync();
        var settings = await node.Store.Settings.GetAsync();
        var overdue = await OverdueCheck.EvaluateAsync(node.Store, node.StartedAt, DateTimeOffset.UtcNow);
        var status = new ClientStatusJson(
            Role: "client",
            Node: node.NodeName,
            Version: AkkaNode.Version,
            StartedAt: node.StartedAt,
            UptimeSeconds: (long)(DateTimeOffset.UtcNow - node.StartedAt).TotalSeconds,
            Running: runs.Running,
            Queued: runs.Queued,
            Concurrency: settings.Concurrency,
            StagingDirectory: node.StagingDirectory,
            FreeDiskBytes: new DriveInfo(node.StagingDirectory).AvailableFreeSpace,
            Schedules: schedules.Count,
            SchedulesPaused: paused,
            AutoStart: settings.AutoStart,
            Store: node.Store.DatabasePath,
            StoreSchemaVersion: node.Store.SchemaVersion,
            Overdue: overdue);
        if (call.Json)
        {
            call.WriteJson(status, OutputJsonContext.Default.ClientStatusJson);
            return 0;
        }

        var o = call.Out;

        // First, so that nobody reads past it: nothing fires until someone resumes the schedules.
        if (paused == true && schedules.Count > 0)
        {
            o.WriteLine($"SCHEDULES PAUSED: none of the {schedules.Count} schedule(s) fires until `node resume` " +
                $"(auto-start {(status.AutoStart ? "on; paused from the console" : "off: set it for a node run as a service")})");
        }

        o.WriteLine($"client node '{status.Node}', akkabackup {status.Version}, up {TimeSpan.FromSeconds(status.UptimeSeconds)} (since {ConsoleValues.When(status.StartedAt)})");
        o.WriteLine($"runs: {runs.Running.Count} running, {runs.Queued.Count} queued (concurrency {status.Concurrency})");
        foreach (var r in runs.Running)
        {
            o.WriteLine($"  running {r.RunId}  {r.Instance}  since {ConsoleValues.When(r.Since)}  ({r.Trigger})");
        }

        foreach (var q in runs.Queued)
        {
            o.WriteLine($"  queued  {q.RunId}  {q.Instance}  since {ConsoleValues.When(q.Since)}  ({q.Trigger})");
        }

        foreach (var late in overdue.Where(i => i.Overdue))
        {
            o.WriteLine($"OVERDUE {late.Instance}: no successful backup since {(late.LastSuccess is { } last ? ConsoleValues.When(last) : "the node started")} " +
                $"(expected within {late.ExpectedInterval}{(late.Derived ? ", from its schedules" : ", overdue-after")})");
        }

        o.WriteLine($"staging {status.StagingDirectory}: {ConsoleValues.Size(status.FreeDiskBytes)} free");
        o.WriteLine($"schedules: {status.Schedules}, {(paused switch { true => "paused", false => "firing", null => "not run by this process" })} (auto-start {(status.AutoStart ? "on" : "off")})");
        o.WriteLine($"store {status.Store} (schema {status.StoreSchemaVersion})");
        return 0;
    }

    private static async Task<int> SchedulesAsync(ConsoleCall call, object command)
    {
        if (call.Client.Scheduler.IsNobody())
        {
            return call.Fail("this process runs no scheduler");
        }

        var state = await call.Client.Scheduler.Ask<SchedulerState>(command, AskTimeout);
        if (call.Json)
        {
            call.WriteJson(state, OutputJsonContext.Default.SchedulerState);
        }
        else
        {
            call.Out.WriteLine(state.Paused ? "Schedules paused." : "Schedules resumed.");
        }

        return 0;
    }
}
