using Akka.Actor;
using Akka.TestKit.Xunit2;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Store.Instances;
using AkkaBackup.TestSupport;
using static AkkaBackup.Client.Runs.CoordinatorMessages;

namespace AkkaBackup.Client.Tests.Runs;

/// <summary>The run's server-lifecycle child against a real private MariaDB server: proven stops and starts, and what a failed start tells its run.</summary>
public sealed class ServerLifecycleActorTests : TestKit, IAsyncLifetime
{
    private MariaDbServer _db = null!;

    public async Task InitializeAsync() => _db = await MariaDbServer.StartNewAsync("lifecycle");

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Shutdown();
    }

    [Fact]
    public async Task A_stop_is_reported_once_the_server_is_proven_down_and_a_start_once_it_answers()
    {
        var instance = Instance(_db.StopCommand, _db.StartCommand);
        var facts = await MySqlProbe.InspectAsync(instance, CancellationToken.None);
        var lifecycle = ChildActorOf(ServerLifecycleActor.Props(new MySqlLifecycle(instance, ServiceControllers.For(instance))));

        lifecycle.Tell(new ServerLifecycleActor.StopServer(facts), TestActor);
        ExpectMsg<ServerStopped>(TimeSpan.FromSeconds(60));
        Assert.False(await _db.AnswersAsync());
        Assert.False(_db.IsProcessRunning());

        lifecycle.Tell(new ServerLifecycleActor.StartServer(EnsureOnly: false, KeptArchive: null), TestActor);
        Assert.True(ExpectMsg<ServerStarted>(TimeSpan.FromSeconds(60)).WasStartedByUs);
        Assert.True(await _db.AnswersAsync());

        lifecycle.Tell(new ServerLifecycleActor.StartServer(EnsureOnly: true, KeptArchive: null), TestActor);
        Assert.False(ExpectMsg<ServerStarted>(TimeSpan.FromSeconds(60)).WasStartedByUs, "a server that answers is not started again");
    }

    [Fact]
    public async Task A_stop_command_that_lies_is_a_failed_stop_not_a_stopped_server()
    {
        var instance = Instance("true", _db.StartCommand) with { StopTimeout = TimeSpan.FromSeconds(2) };
        var facts = await MySqlProbe.InspectAsync(instance, CancellationToken.None);
        var lifecycle = ChildActorOf(ServerLifecycleActor.Props(new MySqlLifecycle(instance, ServiceControllers.For(instance))));

        lifecycle.Tell(new ServerLifecycleActor.StopServer(facts), TestActor);

        ExpectMsg<StopFailed>(TimeSpan.FromSeconds(60));
        Assert.True(await _db.AnswersAsync());
    }

    [Fact]
    public async Task A_start_that_fails_tells_the_run_the_cause_and_the_manual_steps_naming_the_kept_archive()
    {
        await _db.StopAsync();
        var instance = Instance(_db.StopCommand, "exit 3") with { StartTimeout = TimeSpan.FromSeconds(5) };
        var lifecycle = ChildActorOf(ServerLifecycleActor.Props(new MySqlLifecycle(instance, ServiceControllers.For(instance))));

        lifecycle.Tell(new ServerLifecycleActor.StartServer(EnsureOnly: true, KeptArchive: "/staging/main/Data.zip"), TestActor);

        var failed = ExpectMsg<StartFailed>(TimeSpan.FromSeconds(60));
        Assert.Contains("exit 3", failed.Cause.Message);
        Assert.Contains("is NOT running", failed.ManualRecovery);
        Assert.Contains("exit 3", failed.ManualRecovery);
        Assert.Contains("akkabackup restore /staging/main/Data.zip", failed.ManualRecovery);
        Assert.False(await _db.AnswersAsync());
    }

    private InstanceSettings Instance(string stop, string start) => new(
        "main", "db1", "127.0.0.1", _db.Port, _db.User, _db.Password, _db.DataDirectory, ServiceKind.Command, "", stop, start,
        TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));
}
