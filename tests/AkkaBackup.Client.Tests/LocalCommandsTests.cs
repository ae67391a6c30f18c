using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using AkkaBackup.Client.Runs;

namespace AkkaBackup.Client.Tests;

/// <summary>The run manager and the scheduler act on commands of this node's own actors only.</summary>
public sealed class LocalCommandsTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("client", ConfigurationFactory.ParseString(
        "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }"));

    [Fact]
    public void A_command_from_an_actor_of_another_node_is_refused_one_of_this_node_is_not()
    {
        var log = Logging.GetLogger(_system, "test");
        var remote = ((ExtendedActorSystem)_system).Provider.ResolveActorRef("akka.tcp://akkabackup@10.0.0.9:4053/user/receiver");
        var local = _system.ActorOf(Props.Empty, "local");

        Assert.True(LocalCommands.Refused(remote, new RunProtocol.CancelAllRuns("x"), log));
        Assert.False(LocalCommands.Refused(local, new RunProtocol.CancelAllRuns("x"), log));
        Assert.False(LocalCommands.Refused(_system.DeadLetters, new RunProtocol.CancelAllRuns("x"), log));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
