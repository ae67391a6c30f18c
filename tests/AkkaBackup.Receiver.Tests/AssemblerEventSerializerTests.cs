using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Receiver.Persistence;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Receiver.Transfers;
using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.Fuzzing;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;

namespace AkkaBackup.Receiver.Tests;

public sealed class AssemblerEventSerializerTests : IDisposable
{
    private static readonly TransferStarted Header = new(
        "20261125120000-0123456789abcdef", "client-1", "db1", "main", 5_000_000_000, 8 << 20, DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000));

    private readonly ActorSystem _system = ActorSystem.Create("journal", ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.assembler = "{{typeof(AssemblerEventSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IAssemblerEvent).AssemblyQualifiedName}}" = assembler }
        }
        """));

    public static TheoryData<IAssemblerEvent> Events() =>
    [
        Header,
        new ChunkPersisted(41, 41L * (8 << 20), 8 << 20, 0xDEADBEEF_12345678),
        new ChunksDropped([3, 17, 99_999]),
        new AssemblerSnapshot(Header, Enumerable.Range(0, 1000).Select(i => new ChunkPersisted(i, (long)i << 23, 8 << 20, (ulong)i * 31)).ToList()),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_journal_event_round_trips_through_our_serializer(IAssemblerEvent e)
    {
        var serializer = Assert.IsType<AssemblerEventSerializer>(_system.Serialization.FindSerializerFor(e));

        var back = serializer.FromBinary(serializer.ToBinary(e), serializer.Manifest(e));

        Assert.Equal(Render(e), Render(back));
    }

    [Fact]
    public void A_damaged_journal_entry_is_refused_by_name()
    {
        var serializer = new AssemblerEventSerializer((ExtendedActorSystem)_system);
        var bytes = serializer.ToBinary(Header);

        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^2], "ts"));
        Assert.Contains("'zz'", Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "zz")).Message);
        bytes[0] = 7;
        Assert.Contains("version 7", Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "ts")).Message);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_damaged_journal_entry_is_refused_with_a_SerializationException_only(int seed)
    {
        var serializer = new AssemblerEventSerializer((ExtendedActorSystem)_system);
        var events = ((IEnumerable<object[]>)Events()).Select(row => (IAssemblerEvent)row[0]).ToList();
        foreach (var e in events)
        {
            var manifest = serializer.Manifest(e);
            Fuzz.Run(seed, [serializer.ToBinary(e), .. JournalEntries.Read("assembler-events-v1.txt").Where(o => o.Manifest == manifest).Select(o => o.Bytes)], bytes => serializer.FromBinary(bytes, manifest),
                [typeof(SerializationException)], input => 32L * input.Length + 64 * 1024, Fuzz.Cases / events.Count);
        }
    }

    [Fact]
    public void Entries_written_by_release_0_1_0_are_read_as_what_they_were()
    {
        var serializer = new AssemblerEventSerializer((ExtendedActorSystem)_system);
        IAssemblerEvent[] expected =
        [
            Header,
            new ChunkPersisted(41, 41L * (8 << 20), 8 << 20, 0xDEADBEEF_12345678),
            new ChunksDropped([3, 17, 99_999]),
            new AssemblerSnapshot(Header, Enumerable.Range(0, 3).Select(i => new ChunkPersisted(i, (long)i << 23, 8 << 20, (ulong)i * 31)).ToList()),
        ];
        var old = JournalEntries.Read("assembler-events-v1.txt");

        Assert.Equal(expected.Select(Render), old.Select(o => Render(serializer.FromBinary(o.Bytes, o.Manifest))));
        Assert.All(old, o => Assert.Equal(1, o.Bytes[0]));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_field_a_newer_release_added_is_skipped(IAssemblerEvent e)
    {
        var serializer = new AssemblerEventSerializer((ExtendedActorSystem)_system);
        var bytes = serializer.ToBinary(e);

        Assert.Equal(ProtobufSerializer.ProtobufFormat, bytes[0]);
        Assert.Equal(Render(e), Render(serializer.FromBinary(JournalEntries.WithUnknownField(bytes), serializer.Manifest(e))));
    }

    [Fact]
    public void A_snapshot_claiming_more_chunks_than_a_transfer_can_have_is_refused()
    {
        var serializer = new AssemblerEventSerializer((ExtendedActorSystem)_system);
        var huge = new AssemblerSnapshot(Header, Enumerable.Range(0, AssemblerEventSerializer.MaxChunks + 1).Select(i => new ChunkPersisted(i, 0, 1, 0)).ToList());

        var refused = Assert.Throws<SerializationException>(() => serializer.FromBinary(serializer.ToBinary(huge), "snap"));

        Assert.Contains("chunk count", refused.Message);
    }

    public static TheoryData<int> Seeds() => [.. Fuzz.Seeds];

    public void Dispose() => _system.Dispose();

    // Records compare lists by reference; compare a rendering with the lists spelled out.
    private static string Render(object e) => e switch
    {
        ChunksDropped d => $"dropped {string.Join(",", d.Indices)}",
        AssemblerSnapshot s => $"{s.Header} {string.Join(";", s.Chunks)}",
        _ => e.ToString()!,
    };
}
