using System.Diagnostics;
using Akka.Actor;
using AkkaBackup.Client.Runs;
using AkkaBackup.Node.Output;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Operator;

/// <summary>
/// Follows one run for <c>backup watch</c> and <c>backup run --watch</c>: a progress line (phase, bytes, MB/s,
/// ETA) on every phase change and at most once a second, one JSON object per line with --json; completes
/// with the run's report.
/// </summary>
public sealed class RunFollower : ReceiveActor
{
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private RunPhase? _phase;

    public RunFollower(ConsoleCall call, TaskCompletionSource<RunReport> finished)
    {
        Receive<RunProgress>(p =>
        {
            if (p.Phase == _phase && _sinceLine.Elapsed < LineEvery && !p.Final)
            {
                return;
            }

            _phase = p.Phase;
            _sinceLine.Restart();
            call.Out.WriteLine(call.Json
                ? OutputJson.Line(RunProgressJson.Of(p), OutputJsonContext.Default.RunProgressJson)
                : ProgressPrinter.Format(p));
            call.Flush();
        });
        Receive<RunFinished>(f =>
        {
            finished.TrySetResult(f.Report);
            Context.Stop(Self);
        });
    }
}
