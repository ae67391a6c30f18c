using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.TestSupport;
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

    [Theory]
    [InlineData("/var/lib/.akkabackup-clone-20261125120000-01234567", "vg0/akkabackup-20261125120000-01234567")]
    [InlineData("/tank/.zfs/snapshot/akkabackup-20261125120000-01234567", "tank/mysql@akkabackup-20261125120000-01234567")]
    [InlineData("/var/lib/.akkabackup-clone-20261125120000-01234567", null)]
    public void A_snapshot_runs_clone_path_and_volume_round_trip(string clonePath, string? volume)
    {
        var issued = new StopIssued("20261125120000-0123456789abcdef", "/staging/main/Data.zip", 8 << 20, "10.11.19-MariaDB", At, BackupType.Snapshot, clonePath, volume);
        var serializer = Assert.IsType<RunEventSerializer>(_system.Serialization.FindSerializerFor(issued));

        Assert.Equal(issued, serializer.FromBinary(serializer.ToBinary(issued), serializer.Manifest(issued)));
    }

    [Fact]
    public void The_run_managers_snapshot_round_trips_with_its_open_and_parked_runs()
    {
        var snapshot = new RunManagerSnapshot(
            [new RunRegistered("20261125120000-abcdef01", "main"), new RunRegistered("20261125120001-abcdef02", "other")],
            [new RunParked("20261125110000-abcdef00", "main", "/staging/main/Data.zip", "transfer failed", At)]);
        var serializer = Assert.IsType<RunEventSerializer>(_system.Serialization.FindSerializerFor(snapshot));

        var back = (RunManagerSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));

        Assert.Equal("ms", serializer.Manifest(snapshot));
        Assert.Equal(snapshot.Open, back.Open);
        Assert.Equal(snapshot.Parked, back.Parked);
    }

    [Fact]
    public void Very_long_errors_are_cut_to_what_the_journal_keeps()
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var parked = new RunParked("r", "main", "/a", new string('x', 10_000), At);

        var back = (RunParked)serializer.FromBinary(serializer.ToBinary(parked), serializer.Manifest(parked));

        Assert.StartsWith(new string('x', 4000), back.Error);
        Assert.True(back.Error.Length < 4010);
        Assert.Equal(RunEventSerializer.MaxErrorLength + 1, back.Error.Length);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_damaged_journal_entry_is_refused_with_a_SerializationException_only(int seed)
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var events = ((IEnumerable<object[]>)Events()).Select(row => (IRunEvent)row[0]).ToList();
        var old = JournalEntries.Read("run-events-v1.txt");
        for (var i = 0; i < events.Count; i++)
        {
            var manifest = serializer.Manifest(events[i]);
            Fuzz.Run(seed, [serializer.ToBinary(events[i]), old[i].Bytes], bytes => serializer.FromBinary(bytes, manifest),
                [typeof(System.Runtime.Serialization.SerializationException)], input => 16L * input.Length + 64 * 1024, Fuzz.Cases / events.Count);
        }
    }

    [Fact]
    public void A_hot_archive_keeps_its_LSNs_and_an_entry_without_them_reads_as_none()
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var hot = new ArchiveWasSealed(225_000_000, new string('b', 64), 27, 1_050_000_000, 96, "44404", "4444883");

        Assert.Equal(hot, serializer.FromBinary(serializer.ToBinary(hot), serializer.Manifest(hot)));
        var cold = (ArchiveWasSealed)serializer.FromBinary(serializer.ToBinary(hot with { FromLsn = null, ToLsn = null }), "as");
        Assert.Equal((null, null), (cold.FromLsn, cold.ToLsn));
    }

    [Fact]
    public void Entries_written_by_release_0_1_0_are_read_as_what_they_were()
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var old = JournalEntries.Read("run-events-v1.txt");
        var expected = ((IEnumerable<object[]>)Events()).Select(row => (IRunEvent)row[0]).ToList();

        Assert.Equal(expected.Count, old.Count);
        for (var i = 0; i < old.Count; i++)
        {
            Assert.Equal(1, old[i].Bytes[0]);
            Assert.Equal(expected[i], serializer.FromBinary(old[i].Bytes, old[i].Manifest));
        }
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_field_a_newer_release_added_is_skipped(IRunEvent e)
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var bytes = serializer.ToBinary(e);

        Assert.Equal(ProtobufSerializer.ProtobufFormat, bytes[0]);
        Assert.Equal(e, serializer.FromBinary(JournalEntries.WithUnknownField(bytes), serializer.Manifest(e)));
    }

    [Fact]
    public void A_field_an_older_release_did_not_write_reads_as_its_default()
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);

        // A RunEnded holding only "succeeded = true": no kept archive, no error.
        var back = (RunEnded)serializer.FromBinary([ProtobufSerializer.ProtobufFormat, 1 << 3, 1], "re");

        Assert.True(back.Succeeded);
        Assert.Null(back.KeptArchive);
        Assert.Null(back.Error);
        Assert.Equal(DateTimeOffset.UnixEpoch, back.At);
    }

    [Fact]
    public void An_entry_of_a_newer_format_or_an_unknown_manifest_is_refused_by_name()
    {
        var serializer = new RunEventSerializer((ExtendedActorSystem)_system);
        var bytes = serializer.ToBinary(new RunClosed("r"));
        bytes[0] = 3;

        var newer = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, "rc"));
        Assert.Contains("format version 3", newer.Message);
        Assert.Contains("reads 1 and 2", newer.Message);
        Assert.Contains("'zz'", Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, "zz")).Message);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "rc"));
    }

    public static TheoryData<int> Seeds() => [.. Fuzz.Seeds];

    public void Dispose() => _system.Dispose();
}
