using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Hosting;
using AkkaBackup.Node.Output;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Commands;

/// <summary>Starts a run on the in-process client node, shows its progress and prints its report; returns the exit code.</summary>
public static class RunWaiter
{
    public static async Task<int> RunAsync(ActorSystem system, Func<IActorRef, object> request, bool json)
    {
        var runs = await ActorRegistry.For(system).GetAsync<RunManager>();
        var finished = new TaskCompletionSource<RunReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = json ? null : new ProgressPrinter(Console.Out, !Console.IsOutputRedirected);
        var watcher = system.ActorOf(Props.Create(() => new RunWatcher(progress, finished)), "run-watcher-" + Guid.NewGuid().ToString("N")[..8]);

        // A run recovered at start-up finishes before a new run of the same instance begins: no short timeout here.
        var answer = await runs.Ask<object>(request(watcher), TimeSpan.FromDays(1));
        if (answer is RunRejected rejected)
        {
            Console.Error.WriteLine($"akkabackup: {rejected.Reason}");
            return rejected.BadInput ? 2 : 1;
        }

        // The actor system can end under a run (Akka.Remote shuts a node down after a failed TLS
        // handshake); the runs are drained first, but never wait for a report that cannot come.
        await Task.WhenAny(finished.Task, system.WhenTerminated);
        progress?.Finish();
        if (!finished.Task.IsCompleted)
        {
            Console.Error.WriteLine($"akkabackup: the node shut down before the run reported ({ShutdownReasons.Describe(CoordinatedShutdown.Get(system).ShutdownReason)}); " +
                "check that the database server is running and see the log");
            return 3;
        }

        var report = finished.Task.Result;
        if (json)
        {
            Console.Out.WriteLine(OutputJson.Indented(ReportPrinter.ToJson(report, System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64), OutputJsonContext.Default.RunReportJson));
        }
        else
        {
            ReportPrinter.Human(report, Console.Out);
        }

        return report.ExitCode;
    }

    private sealed class RunWatcher : ReceiveActor
    {
        public RunWatcher(ProgressPrinter? progress, TaskCompletionSource<RunReport> finished)
        {
            Receive<RunProgress>(p => progress?.Show(p));
            Receive<RunFinished>(f => finished.TrySetResult(f.Report));
        }
    }
}
