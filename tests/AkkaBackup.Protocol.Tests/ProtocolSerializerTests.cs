using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Protocol.Tests;

public sealed class ProtocolSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization", ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.akkabackup = "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = akkabackup }
          serialization-identifiers { "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}" = {{ProtocolSerializer.SerializerId}} }
        }
        """));

    private static readonly ArchiveDescription Description = new(
        "db-host", "db1", "main", "10.11.19-MariaDB", "/var/lib/mysql", 4_400_000_000, 812, "zip/deflate",
        DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000),
        [new PhaseTiming("Preflight", 120), new PhaseTiming("StoppingServer", 180)],
        "20261124120000-01234567", "full", "all");

    public static TheoryData<IProtocolMessage> Messages() =>
    [
        new CheckReceiver("client-1", 123_456_789),
        new ReceiverChecked(true, 99_000_000_000, "", "0.1.0"),
        new ReceiverChecked(false, 10, "client 'x' is not in allowed-clients", "0.1.0"),
        new OpenTransfer("client-1", "db1", "main", 5_000_000_000, 8 * 1024 * 1024, "20261124120000-run"),
        new OpenTransfer("client-1", "db1", "main", 5_000_000_000, 8 * 1024 * 1024, "20261124120000-run", Reopen: true),
        new OpenTransfer("client-1", "db1", "main", 5, 65536, "run", Placement: new Placement("nightly/db1", "{instance}_{timestamp:yyyyMMdd}.zip", "Europe/Berlin")),
        new WaitForAdmission("20261124120000-run", 3, 2, "2 of 2 transfer slots are taken"),
        GetReceiverStatus.Instance,
        new TransferRefused("not enough space"),
        new CompleteTransfer("client-1", "20261124120000-0123456789abcdef", 1_900_000_000, 227, new string('a', 64), Description),
        new CompleteTransfer("client-1", "t", 1, 1, new string('a', 64), Description with { Placement = new Placement("", "{server}.zip", "UTC") }),
        new TransferCompleted("20261124120000-0123456789abcdef", "db1_main_full_20261124_120000.zip", "/store/client-1/db1_main_full_20261124_120000.zip", 1_900_000_000, new string('b', 64)),
        new TransferFailed("20261124120000-0123456789abcdef", "SHA-256 mismatch"),
        new AbortTransfer("client-1", "20261124120000-0123456789abcdef", "compression failed"),
        new ResumeTransfer("client-1", "20261124120000-0123456789abcdef"),
        new TransferUnknown("20261124120000-0123456789abcdef", "no partial transfer with this id"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips_through_the_akkabackup_serializer(IProtocolMessage message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<ProtocolSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        var manifest = ((ProtocolSerializer)serializer).Manifest(message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(Canonical(message), Canonical(back));
    }

    [Fact]
    public void TransferOpened_carries_a_resolvable_actor_ref()
    {
        var assembler = _system.ActorOf(Props.Empty, "transfer-x");
        var message = new TransferOpened("20261124120000-0123456789abcdef", assembler, 4054);
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(message);

        var back = Assert.IsType<TransferOpened>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));

        Assert.Equal(message.TransferId, back.TransferId);
        Assert.Equal(4054, back.DataPort);
        Assert.Equal(assembler.Path, back.Assembler.Path);
    }

    [Fact]
    public void TransferResumed_carries_its_chunk_bitmap_and_a_resolvable_actor_ref()
    {
        var assembler = _system.ActorOf(Props.Empty, "transfer-y");
        byte[] bitmap = [0b1011_0111, 0xFF, 0x01];
        var message = new TransferResumed("20261124120000-0123456789abcdef", assembler, 4054, 8 << 20, bitmap, 2);
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(message);

        var back = Assert.IsType<TransferResumed>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));

        Assert.Equal(bitmap, back.StoredChunks);
        Assert.Equal((message.TransferId, message.DataPort, message.ChunkSize, message.DroppedChunks), (back.TransferId, back.DataPort, back.ChunkSize, back.DroppedChunks));
        Assert.Equal(assembler.Path, back.Assembler.Path);
    }

    [Fact]
    public void ReceiverStatus_carries_every_active_transfer_and_waiting_client()
    {
        var message = new ReceiverStatus(
            [
                new ActiveTransfer("20261124120000-0123456789abcdef", "client-1", "db1", "main", 12_345_678, 12, 90_000_000, 41.5e6),
                new ActiveTransfer("20261124120001-0123456789abcdef", "client-2", "db2", "main", 0, 0, 1_000, 0),
            ],
            [new WaitingClient("client-3", "run-3", 1)]);
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(message);

        var back = Assert.IsType<ReceiverStatus>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));

        Assert.Equal(message.Transfers, back.Transfers);
        Assert.Equal(message.Waiting, back.Waiting);
    }

    [Fact]
    public void No_message_is_json_on_the_wire()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver("c", 1));
        var bytes = serializer.ToBinary(new CompleteTransfer("c", "t", 1, 1, "s", Description));

        Assert.NotEqual((byte)'{', bytes[0]);
        Assert.DoesNotContain("\"TransferId\"", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Truncated_input_is_rejected_with_a_clear_error()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver("c", 1));
        var bytes = serializer.ToBinary(new OpenTransfer("client-1", "db1", "main", 5, 65536, "run"));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], "open"));
        Assert.Contains("offset", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Trailing_bytes_unknown_manifests_and_huge_lengths_are_rejected()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver("c", 1));
        var bytes = serializer.ToBinary(new TransferRefused("x"));

        Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], "refu"));
        var unknown = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "nope"));
        Assert.Contains("'nope'", unknown.Message);

        byte[] hugeString = [1, 0xFF, 0xFF, 0xFF, 0x7F];
        Assert.Throws<SerializationException>(() => serializer.FromBinary(hugeString, "refu"));
    }

    [Fact]
    public void A_newer_format_version_is_refused()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver("c", 1));
        var bytes = serializer.ToBinary(new TransferRefused("x"));
        bytes[0] = 99;

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "refu"));
        Assert.Contains("99", error.Message);
    }

    // Records compare lists by reference; compare a rendering that includes the timings instead.
    private static string Canonical(object message) => message switch
    {
        CompleteTransfer c => $"{c with { Description = null! }}|{Render(c.Description)}",
        _ => message.ToString()!,
    };

    private static string Render(ArchiveDescription d) =>
        $"{d with { Timings = [] }}|{string.Join(",", d.Timings.Select(t => $"{t.Phase}={t.Milliseconds}"))}";

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
