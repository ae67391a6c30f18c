using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using AkkaBackup.Client.Runs;
using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Client.Tests;

/// <summary>Messages for a node's own actors (the run manager's commands among them) are refused from actors of other nodes.</summary>
public sealed class NodeLocalTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("client", ConfigurationFactory.ParseString(
        "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }"));

    [Fact]
    public void A_command_from_an_actor_of_another_node_is_refused_one_of_this_node_is_not()
    {
        var log = Logging.GetLogger(_system, "test");
        var remote = ((ExtendedActorSystem)_system).Provider.ResolveActorRef("akka.tcp://akkabackup@10.0.0.9:4053/user/receiver");
        var local = _system.ActorOf(Props.Empty, "local");

        Assert.True(NodeLocal.Refuses(remote, new RunProtocol.CancelAllRuns("x"), log));
        Assert.False(NodeLocal.Refuses(local, new RunProtocol.CancelAllRuns("x"), log));
        Assert.False(NodeLocal.Refuses(_system.DeadLetters, new RunProtocol.CancelAllRuns("x"), log));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
