using System.Diagnostics;
using Akka.Actor;
using AkkaBackup.Client.Runs;
using AkkaBackup.Node.Output;

namespace AkkaBackup.Node.Operator;

/// <summary>Starts a <see cref="RunFollower"/> for a console command and prints the report it gives.</summary>
public static class RunFollowers
{
    /// <summary>A follower as a top-level actor (the command runs off any actor's thread), and the report it will give.</summary>
    public static (IActorRef Follower, Task<RunReport> Finished) Start(ConsoleCall call)
    {
        var finished = new TaskCompletionSource<RunReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var follower = call.Node.System.ActorOf(Props.Create(() => new RunFollower(call, finished)), "console-follow-" + Guid.NewGuid().ToString("N")[..12]);
        return (follower, finished.Task);
    }

    /// <summary>Prints the run's report and returns its exit code.</summary>
    public static int Report(ConsoleCall call, RunReport report)
    {
        if (call.Json)
        {
            call.WriteJson(ReportPrinter.ToJson(report, Process.GetCurrentProcess().PeakWorkingSet64), OutputJsonContext.Default.RunReportJson);
        }
        else
        {
            ReportPrinter.Human(report, call.Out);
        }

        return report.ExitCode;
    }
}
