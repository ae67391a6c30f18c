using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Protocol.Tests;

public sealed class ConsoleSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("console-serialization", ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.console = "{{typeof(ConsoleSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IConsoleMessage).AssemblyQualifiedName}}" = console }
        }
        """));

    public static TheoryData<IConsoleMessage> Messages() =>
    [
        ConsoleHello.Instance,
        new ConsoleWelcome("0.1.0"),
        new ConsoleRequest(["backup", "watch", "20261125120000-abcdef01", "--json"], "id", 1, "db1", [1], [2]),
        new ConsoleRequest([], "id", 1, "db1", [], []),
        new ConsoleRequest(["node", "status"], "0123456789abcdef", 1_764_000_000_000, "receiver", [0x30, 0x82, 1, 2], [9, 8, 7]),
        new ConsoleOutput("Run 20261125120000-abcdef01 of main: Archiving 41 %\n", false),
        new ConsoleOutput("akkabackup: no run with id 'x'", true),
        new ConsoleDone(3),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips_through_the_console_serializer(IConsoleMessage message)
    {
        var serializer = Assert.IsType<ConsoleSerializer>(_system.Serialization.FindSerializerFor(message));

        var back = _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, serializer.Manifest(message));

        Assert.Equal(Canonical(message), Canonical(back));
    }

    [Fact]
    public void Trailing_bytes_and_unknown_manifests_are_rejected()
    {
        var serializer = (ConsoleSerializer)_system.Serialization.FindSerializerFor(new ConsoleDone(0));
        var bytes = serializer.ToBinary(new ConsoleDone(0));

        Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], "done"));
        Assert.Contains("'nope'", Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "nope")).Message);
    }

    [Fact]
    public void Bytes_the_transport_stamped_come_out_as_the_message_of_that_peer()
    {
        var serializer = (ConsoleSerializer)_system.Serialization.FindSerializerFor(ConsoleHello.Instance);

        var back = Assert.IsType<FromPeer>(serializer.FromBinary(PeerStamp.Stamp("console-alice", serializer.ToBinary(ConsoleHello.Instance)), PeerStamp.Manifest("hello")));

        Assert.Equal("console-alice", back.PeerName);
        Assert.Same(ConsoleHello.Instance, back.Message);
        Assert.Throws<SerializationException>(() => serializer.FromBinary([0, 0, 0, 0], PeerStamp.Manifest("hello")));
    }

    [Fact]
    public void A_console_of_the_previous_release_and_an_oversized_request_are_refused_by_name()
    {
        var serializer = (ConsoleSerializer)_system.Serialization.FindSerializerFor(new ConsoleDone(0));
        var old = serializer.ToBinary(new ConsoleWelcome("0.1.0"));
        old[0] = 3;
        var tooManyWords = serializer.ToBinary(new ConsoleRequest(Enumerable.Repeat("x", 257).ToList(), "id", 1, "db1", [], []));

        var refused = Assert.Throws<SerializationException>(() => serializer.FromBinary(old, "welc"));
        Assert.Contains("format version 3", refused.Message);
        Assert.Contains("upgrade abk with the nodes", refused.Message);
        Assert.Contains("count of words of 257", Assert.Throws<SerializationException>(() => serializer.FromBinary(tooManyWords, "req")).Message);
    }

    // Records compare lists by reference.
    private static string Canonical(object message) => message is ConsoleRequest r
        ? $"req:{string.Join("|", r.Words)}:{r.RequestId}:{r.IssuedAtUnixMs}:{r.NodeName}:{Convert.ToHexString(r.Certificate)}:{Convert.ToHexString(r.Signature)}"
        : message.ToString()!;

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
