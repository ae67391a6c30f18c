using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Receiver.Tests.Transfers;

/// <summary>The status lists every client's transfer ids (resume tokens): answered on the node, never over Akka.Remote.</summary>
public sealed class ReceiverStatusScopeTests : IAsyncDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), "akkabackup-status-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ActorSystem _receiver = ActorSystem.Create("receiver", Remote());
    private readonly ActorSystem _client = ActorSystem.Create("client", Remote());

    [Fact]
    public async Task A_remote_peer_gets_no_status_while_the_node_itself_does()
    {
        var gateway = _receiver.ActorOf(ReceiverGateway.Props(Settings(), _receiver.DeadLetters, "test"), ReceiverGateway.Name);
        var address = ((ExtendedActorSystem)_receiver).Provider.DefaultAddress;

        var local = await gateway.Ask<ReceiverStatus>(GetReceiverStatus.Instance, TimeSpan.FromSeconds(15));
        var remote = _client.ActorSelection(new RootActorPath(address) / "user" / ReceiverGateway.Name);
        var identity = await remote.Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(15));

        Assert.Empty(local.Transfers);
        Assert.NotNull(identity.Subject);
        await Assert.ThrowsAsync<AskTimeoutException>(() => identity.Subject!.Ask<ReceiverStatus>(GetReceiverStatus.Instance, TimeSpan.FromSeconds(3)));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_client.Terminate(), _receiver.Terminate());
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    private static Config Remote() => ConfigurationFactory.ParseString($$"""
        akka.actor {
          provider = remote
          serializers.akkabackup = "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = akkabackup }
          serialization-identifiers { "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}" = {{ProtocolSerializer.SerializerId}} }
        }
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """);

    private ReceiverSettings Settings()
    {
        var pattern = NamingPattern.Parse(NamingPattern.Default, "naming-pattern");
        return new ReceiverSettings(
            "receiver", _store, "127.0.0.1", 4054, new HashSet<string> { "client-1" }, pattern,
            0, 64 << 20, 0, Path.Combine(_store, "journal.db"), TimeSpan.FromDays(7), new ResumeVerification(true, 64, 8), 1000, ReceiverLimits.Default,
            StoreLayout.Parse(StoreLayout.Default, "layout", pattern.TimeZone), 10);
    }
}
