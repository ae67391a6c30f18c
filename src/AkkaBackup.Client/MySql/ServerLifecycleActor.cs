using Akka.Actor;
using static AkkaBackup.Client.Runs.CoordinatorMessages;

namespace AkkaBackup.Client.MySql;

/// <summary>
/// <c>/user/runs/run-&lt;id&gt;/server</c>: stops and starts the run's database server beside the run's Compressor and
/// ChunkSender, and answers its parent with the proven outcome: <see cref="ServerStopped"/> or <see cref="StopFailed"/>,
/// <see cref="ServerStarted"/> or <see cref="StartFailed"/> (with the manual steps for a person).
/// A start is never cancelled: once asked for, it runs to its own timeout even if the run stops.
/// </summary>
public sealed class ServerLifecycleActor : ReceiveActor
{
    public const string Name = "server";

    private readonly CancellationTokenSource _stopCancelled = new();

    public ServerLifecycleActor(MySqlLifecycle lifecycle)
    {
        Receive<StopServer>(stop => lifecycle.StopAsync(stop.Facts, _stopCancelled.Token)
            .PipeTo(Context.Parent, Self, success: () => ServerStopped.Instance, failure: e => new StopFailed(e)));
        Receive<StartServer>(start =>
        {
            var started = start.EnsureOnly
                ? lifecycle.EnsureRunningAsync(CancellationToken.None)
                : lifecycle.StartAsync(CancellationToken.None).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default);
            started.PipeTo(Context.Parent, Self, success: byUs => new ServerStarted(byUs),
                failure: e => new StartFailed(e, lifecycle.ManualRecoveryInstructions(start.KeptArchive)));
        });
    }

    public static Props Props(MySqlLifecycle lifecycle) => Akka.Actor.Props.Create(() => new ServerLifecycleActor(lifecycle));

    protected override void PostStop()
    {
        _stopCancelled.Cancel();
        _stopCancelled.Dispose();
        base.PostStop();
    }

    /// <summary>Issue the stop and prove the server is down.</summary>
    public sealed record StopServer(ServerFacts Facts);

    /// <summary>Start the server (or, with <paramref name="EnsureOnly"/>, only if it does not answer) and prove it answers.</summary>
    /// <param name="KeptArchive">The sealed archive the manual steps name, should the start fail.</param>
    public sealed record StartServer(bool EnsureOnly, string? KeptArchive);
}
