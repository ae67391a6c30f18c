using Akka.Actor;
using Akka.Hosting;
using AkkaBackup.Client.Runs;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Node.Output;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup backup --config F [--instance N] [--json]</c>: one run on an in-process client node, for scripts and cron.</summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse("backup", args, ["config", "instance"], ["json"]);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"backup: unexpected argument '{a.Positionals[0]}'");
        }

        var json = a.Flag("json");
        var (host, log) = NodeStartup.Client(a.RequiredOption("backup", "config"), json ? LogEventLevel.Error : LogEventLevel.Warning);
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var runs = await ActorRegistry.For(system).GetAsync<RunManager>();
            var finished = new TaskCompletionSource<RunReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = json ? null : new ProgressPrinter(Console.Out, !Console.IsOutputRedirected);
            var watcher = system.ActorOf(Props.Create(() => new RunWatcher(progress, finished)), "backup-watcher");
            var answer = await runs.Ask<object>(new StartRun(a.Option("instance"), watcher), TimeSpan.FromSeconds(30));
            if (answer is RunRejected rejected)
            {
                Console.Error.WriteLine($"backup: {rejected.Reason}");
                return 2;
            }

            // The actor system can end under a run (Akka.Remote shuts a node down after a failed TLS
            // handshake); the runs are drained first, but never wait for a report that cannot come.
            await Task.WhenAny(finished.Task, system.WhenTerminated);
            progress?.Finish();
            if (!finished.Task.IsCompleted)
            {
                Console.Error.WriteLine($"backup: the node shut down before the run reported ({ShutdownReasons.Describe(CoordinatedShutdown.Get(system).ShutdownReason)}); " +
                    "check that the database server is running and see the log");
                return 3;
            }

            var report = finished.Task.Result;
            if (json)
            {
                Console.Out.WriteLine(ReportPrinter.Json(report, System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64));
            }
            else
            {
                ReportPrinter.Human(report, Console.Out);
            }

            return report.ExitCode;
        }
        finally
        {
            await host.StopAsync();
            (log as IDisposable)?.Dispose();
        }
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
