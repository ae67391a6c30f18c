using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.TestSupport.Fuzzing;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Tests;

public sealed class RunEventSerializerTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000);

    private readonly ActorSystem _system = ActorSystem.Create("journal", ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.runs = "{{typeof(RunEventSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IRunEvent).AssemblyQualifiedName}}" = runs }
        }
        """));

    public static TheoryData<IRunEvent> Events() =>
    [
        new RunBegan("20261125120000-abcdef01", "main", At),
        new StopIssued("20261125120000-0123456789abcdef", "/var/lib/akkabackup/staging/main/Data.zip", 8 << 20, "10.11.19-MariaDB", At),
        new ArchiveWasSealed(1_900_000_000, new string('a', 64), 227, 4_400_000_000, 812),
        new TransferIdChanged("20261125130000-fedcba9876543210"),
        new ServerAnswering(At),
        new RunEnded(false, "/staging/main/Data.zip", "transfer failed: receiver unreachable", At),
        new RunEnded(true, null, null, At),
        new RunRegistered("20261125120000-abcdef01", "main"),
        new RunParked("20261125120000-abcdef01", "main", "/staging/main/Data.zip", "transfer failed", At),
        new RunClosed("20261125120000-abcdef01"),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_run_event_round_trips_through_our_serializer(IRunEvent e)
    {
        var serializer = Assert.IsType<RunEventSerializer>(_system.Serialization.FindSerializerFor(e));

        var back = serializer.FromBinary(serializer.ToBinary(e), serializer.Manifest(e));

        Assert.Equal(e, back);
    }

    [Fact]
    public void Very_long_errors_are_cut_to_what_the_journal_keeps()
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var parked = new RunParked("r", "main", "/a", new string('x', 10_000), At);

        var back = (RunParked)serializer.FromBinary(serializer.ToBinary(parked), serializer.Manifest(parked));

        Assert.StartsWith(new string('x', 4000), back.Error);
        Assert.True(back.Error.Length < 4010);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_damaged_journal_entry_is_refused_with_a_SerializationException_only(int seed)
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var events = ((IEnumerable<object[]>)Events()).Select(row => (IRunEvent)row[0]).ToList();
        foreach (var e in events)
        {
            var manifest = serializer.Manifest(e);
            Fuzz.Run(seed, [serializer.ToBinary(e)], bytes => serializer.FromBinary(bytes, manifest),
                [typeof(System.Runtime.Serialization.SerializationException)], input => 16L * input.Length + 64 * 1024, Fuzz.Cases / events.Count);
        }
    }

    public static TheoryData<int> Seeds() => [.. Fuzz.Seeds];

    public void Dispose() => _system.Dispose();
}
