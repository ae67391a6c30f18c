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
        new CheckReceiver(123_456_789),
        new ReceiverChecked(true, 99_000_000_000, "", "0.1.0"),
        new ReceiverChecked(false, 10, "client 'x' is not in allowed-clients", "0.1.0"),
        new OpenTransfer("db1", "main", 5_000_000_000, 8 * 1024 * 1024, "20261124120000-run"),
        new OpenTransfer("db1", "main", 5_000_000_000, 8 * 1024 * 1024, "20261124120000-run", ReopenOf: "20261124120000-0123456789abcdef"),
        new OpenTransfer("db1", "main", 5, 65536, "run", Placement: new Placement("nightly/db1", "{instance}_{timestamp:yyyyMMdd}.zip", "Europe/Berlin")),
        new OpenTransfer("db1", "main", 5_000_000_000, 8 * 1024 * 1024, "20261124120000-run", ExpectedBytes: 1_600_000_000),
        new WaitForAdmission("20261124120000-run", 3, 2, "2 of 2 transfer slots are taken"),
        new TransferOpened("20261124120000-0123456789abcdef", 4054),
        new TransferRefused("not enough space"),
        new CompleteTransfer("20261124120000-0123456789abcdef", 1_900_000_000, 227, new string('a', 64), Description),
        new CompleteTransfer("t", 1, 1, new string('a', 64), Description with { Placement = new Placement("", "{server}.zip", "UTC") }),
        new CompleteTransfer("t", 1, 1, new string('a', 64), Description) { Downtime = TimeSpan.FromMilliseconds(754_321), NextRun = new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero) },
        new CompleteTransfer("t", 1, 1, new string('a', 64), Description) { Downtime = TimeSpan.Zero },
        new TransferCompleted("20261124120000-0123456789abcdef", "db1_main_full_20261124_120000.zip", "/store/client-1/db1_main_full_20261124_120000.zip", 1_900_000_000, new string('b', 64)),
        new TransferFailed("20261124120000-0123456789abcdef", "SHA-256 mismatch"),
        new AbortTransfer("20261124120000-0123456789abcdef", "compression failed"),
        new ResumeTransfer("20261124120000-0123456789abcdef"),
        new TransferVerifying("20261124120000-0123456789abcdef"),
        new TransferUnknown("20261124120000-0123456789abcdef", "no partial transfer with this id"),
        new TransferAborted("20261124120000-0123456789abcdef"),
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

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_is_either_a_request_or_an_answer_so_the_firewall_lets_it_through_one_way(IProtocolMessage message)
    {
        var manifest = ((ProtocolSerializer)_system.Serialization.FindSerializerFor(message)).Manifest(message);

        Assert.True(ProtocolSerializer.Requests.Contains(manifest) ^ ProtocolSerializer.Answers.Contains(manifest),
            $"{message.GetType().Name} ({manifest}) must be in exactly one of ProtocolSerializer.Requests and Answers");
    }

    [Fact]
    public void TransferResumed_carries_its_chunk_bitmap()
    {
        byte[] bitmap = [0b1011_0111, 0xFF, 0x01];
        var message = new TransferResumed("20261124120000-0123456789abcdef", 4054, 8 << 20, bitmap, 2);
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(message);

        var back = Assert.IsType<TransferResumed>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));

        Assert.Equal(bitmap, back.StoredChunks);
        Assert.Equal((message.TransferId, message.DataPort, message.ChunkSize, message.DroppedChunks), (back.TransferId, back.DataPort, back.ChunkSize, back.DroppedChunks));
    }

    [Fact]
    public void A_bitmap_of_the_most_chunks_a_transfer_may_have_fits_one_message_and_the_remote_frame()
    {
        var message = new TransferResumed("20261124120000-0123456789abcdef", 4054, 64 << 10, new byte[TransferLimits.MaxChunks / 8], 0);
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);

        Assert.InRange(bytes.Length, 1, 256_000 - 1024);
        Assert.Equal(TransferLimits.MaxChunks / 8, Assert.IsType<TransferResumed>(serializer.FromBinary(bytes, "rsmd")).StoredChunks.Length);
    }

    [Fact]
    public void Bytes_the_transport_stamped_come_out_as_the_request_of_that_peer()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var request = new OpenTransfer("db1", "main", 5, 65536, "run");

        var stamped = PeerStamp.Stamp("client-1", serializer.ToBinary(request));
        var back = Assert.IsType<FromPeer>(serializer.FromBinary(stamped, PeerStamp.Manifest("open")));

        Assert.Equal("client-1", back.PeerName);
        Assert.Equal(request.ToString(), back.Message.ToString());
    }

    [Fact]
    public void No_message_says_who_sent_it_or_names_an_actor()
    {
        var properties = typeof(ReceiverProtocol).GetNestedTypes().SelectMany(t => t.GetProperties()).ToList();

        Assert.NotEmpty(properties);
        Assert.DoesNotContain(properties, p => p.Name is "ClientId" or "Assembler" || p.PropertyType == typeof(IActorRef));
    }

    [Fact]
    public void No_message_is_json_on_the_wire()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var bytes = serializer.ToBinary(new CompleteTransfer("t", 1, 1, "s", Description));

        Assert.NotEqual((byte)'{', bytes[0]);
        Assert.DoesNotContain("\"TransferId\"", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Truncated_input_is_rejected_with_a_clear_error()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var bytes = serializer.ToBinary(new OpenTransfer("db1", "main", 5, 65536, "run"));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], "open"));
        // Since wire format 4 the reader is protobuf's: it says where the input ended, for the manifest named.
        Assert.Contains("'open'", error.Message);
        Assert.Contains("ended unexpectedly", error.Message);
    }

    [Fact]
    public void Trailing_bytes_unknown_manifests_and_huge_lengths_are_rejected()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
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
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var bytes = serializer.ToBinary(new TransferRefused("x"));
        bytes[0] = 99;

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "refu"));
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public void A_message_of_the_previous_wire_format_is_refused_naming_both_versions()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var bytes = serializer.ToBinary(new TransferRefused("x"));
        bytes[0] = 3;

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "refu"));

        Assert.Contains("format version 3", error.Message);
        Assert.Contains("this release reads 4", error.Message);
        Assert.Contains("upgrade client, receiver and abk together", error.Message);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_field_a_newer_release_added_is_skipped(IProtocolMessage message)
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(message);
        var withNewField = AkkaBackup.TestSupport.JournalEntries.WithUnknownField(serializer.ToBinary(message));

        Assert.Equal(Canonical(message), Canonical(serializer.FromBinary(withNewField, serializer.Manifest(message))));
    }

    [Fact]
    public void A_completion_without_downtime_or_next_run_says_unknown_and_a_downtime_no_span_can_hold_is_refused_by_value()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var older = (CompleteTransfer)serializer.FromBinary(serializer.ToBinary(new CompleteTransfer("t", 1, 1, "s", Description)), "cmpl");
        var hostile = new AkkaBackup.Protocol.Serialization.Schema.CompleteTransfer { TransferId = "t", Length = 1, ChunkCount = 1, Sha256 = "s", DowntimeMs = long.MaxValue };
        var bytes = serializer.ToBinary(new CompleteTransfer("t", 1, 1, "s", Description));
        var hostileBytes = bytes[..1].Concat(Google.Protobuf.MessageExtensions.ToByteArray(hostile)).ToArray();

        Assert.Null(older.Downtime);
        Assert.Null(older.NextRun);
        Assert.Contains($"A span of {long.MaxValue} ms", Assert.Throws<SerializationException>(() => serializer.FromBinary(hostileBytes, "cmpl")).Message);
    }

    [Fact]
    public void Texts_lists_and_blobs_larger_than_a_reader_holds_are_refused_by_name()
    {
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new CheckReceiver(1));
        var longReason = serializer.ToBinary(new TransferRefused(new string('x', WireReader.MaxStringBytes + 1)));
        var manyTimings = serializer.ToBinary(new CompleteTransfer("t", 1, 1, "s", Description with { Timings = Enumerable.Range(0, 65).Select(i => new PhaseTiming("p", i)).ToList() }));
        var bigBitmap = serializer.ToBinary(new TransferResumed("t", 1, 1, new byte[WireReader.MaxBlobBytes + 1], 0));

        Assert.Contains("reason of", Assert.Throws<SerializationException>(() => serializer.FromBinary(longReason, "refu")).Message);
        Assert.Contains("phase timings of 65", Assert.Throws<SerializationException>(() => serializer.FromBinary(manyTimings, "cmpl")).Message);
        Assert.Contains("chunk bitmap of", Assert.Throws<SerializationException>(() => serializer.FromBinary(bigBitmap, "rsmd")).Message);
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
