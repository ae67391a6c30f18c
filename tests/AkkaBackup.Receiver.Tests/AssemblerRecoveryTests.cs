using AkkaBackup.Persistence;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Persistence;
using AkkaBackup.Receiver.Transfers;
using Microsoft.Data.Sqlite;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Tests;

/// <summary>
/// A real Assembler on a real SQLite journal (the receiver's own configuration and serializer): a transfer of
/// 100,000 chunks is journalled, the actor stopped, and a new incarnation recovers every chunk from the
/// latest snapshot plus the events after it; the older events are gone from the journal.
/// </summary>
public sealed class AssemblerRecoveryTests : TestKit
{
    private const int Chunks = 100_000;
    private const int ChunkBytes = 16;
    private const int SnapshotEvery = 1000;
    private const string TransferId = "0123456789abcdef0123456789abcdef";

    private static readonly string Root = Directory.CreateTempSubdirectory("akkabackup-assembler-").FullName;

    public AssemblerRecoveryTests()
        : base(SystemConfig(), "assembler-recovery")
    {
    }

    [Fact]
    public void A_transfer_of_100000_chunks_is_recovered_exactly_from_its_snapshot_and_the_events_after_it()
    {
        var settings = Settings();
        var checksums = WritePartFile(settings);
        var open = new NewTransfer("client-a", new OpenTransfer("db1", "main", (long)Chunks * ChunkBytes, ChunkBytes, "run-1"));

        var gateway = CreateTestProbe();
        var first = Spawn(settings, open, gateway);
        ExpectMsg<TransferOpened>(TimeSpan.FromSeconds(30));
        gateway.ExpectMsg<AssemblerReady>();
        for (var i = 0; i < Chunks; i++)
        {
            first.Tell(new GrantChunk(i), TestActor);
            first.Tell(new ChunkStored(i, (long)i * ChunkBytes, ChunkBytes, checksums[i]), TestActor);
        }

        var answers = ReceiveN(2 * Chunks, TimeSpan.FromMinutes(3)).ToList();
        Assert.Equal(Chunks, answers.Count(m => m is ChunkGranted));
        Assert.Equal(Chunks, answers.Count(m => m is ChunkRecorded));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, TimeSpan.FromSeconds(30));

        var second = Spawn(settings, null, gateway);
        var ready = gateway.ExpectMsg<AssemblerReady>(TimeSpan.FromMinutes(1));
        Assert.Equal(("client-a", ChunkBytes), (ready.ClientId, ready.ChunkSize));
        second.Tell(new ClientRequest("client-a", new ResumeTransfer(TransferId)), TestActor);
        var resumed = ExpectMsg<TransferResumed>(TimeSpan.FromMinutes(1));

        Assert.Equal(0, resumed.DroppedChunks);
        Assert.Equal(Enumerable.Range(0, Chunks), ChunkBitmap.Indices(resumed.StoredChunks));

        // Events and snapshots older than the latest snapshot are deleted in the background, behind the
        // writes (on a loaded machine the snapshot deletes were seen to finish after the event deletes).
        AwaitCondition(
            () => Rows(settings, "event_journal") <= SnapshotEvery + 1 && Rows(settings, "snapshot") == 1, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(200));
        Assert.InRange(Rows(settings, "event_journal"), 0, SnapshotEvery + 1);
        Assert.Equal(1, Rows(settings, "snapshot"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("AKKABACKUP_KEEP_TEST_DIRS") != "1") Directory.Delete(Root, recursive: true);
    }

    private static Config SystemConfig()
    {
        var journal = Path.Combine(Root, "store", ".partial", "receiver-journal.db");
        Journal.Prepare(journal);
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.assembler = "AkkaBackup.Receiver.Persistence.AssemblerEventSerializer, AkkaBackup.Receiver"
              serialization-bindings { "AkkaBackup.Receiver.Transfers.IAssemblerEvent, AkkaBackup.Receiver" = assembler }
            }
            """).WithFallback(Journal.Hocon(journal));
    }

    private static ReceiverSettings Settings() => ReceiverSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
        akkabackup.node-name = receiver
        akkabackup.receiver {
          store-directory = "{{Path.Combine(Root, "store").Replace("\\", "\\\\")}}"
          allowed-clients = [client-a]
          snapshot-every = {{SnapshotEvery}}
        }
        """)));

    private static ulong[] WritePartFile(ReceiverSettings settings)
    {
        Directory.CreateDirectory(settings.PartialDirectory);
        var bytes = new byte[Chunks * ChunkBytes];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(settings.PartialDirectory, TransferId + ".part"), bytes);
        return Enumerable.Range(0, Chunks).Select(i => ChunkChecksum.Compute(bytes.AsSpan(i * ChunkBytes, ChunkBytes))).ToArray();
    }

    /// <summary>The assembler, as a child of a parent that passes what the child tells it on to <paramref name="gateway"/>.</summary>
    private IActorRef Spawn(ReceiverSettings settings, NewTransfer? open, Akka.TestKit.TestProbe gateway)
    {
        var parent = Sys.ActorOf(Props.Create(() => new ForwardingParent(Assembler.Props(TransferId, open, TestActor, settings, TestActor), gateway.Ref)));
        parent.Tell(ForwardingParent.WhoIsChild.Instance, TestActor);
        return ExpectMsg<IActorRef>();
    }

    private static long Rows(ReceiverSettings settings, string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = settings.JournalFile }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE persistence_id = $id" + (table == "event_journal" ? " AND is_deleted = 0" : "");
        command.Parameters.AddWithValue("$id", "transfer-" + TransferId);
        return (long)command.ExecuteScalar()!;
    }

    private sealed class ForwardingParent : ReceiveActor
    {
        public ForwardingParent(Props child, IActorRef probe)
        {
            var assembler = Context.ActorOf(child, "assembler");
            Receive<WhoIsChild>(_ => Sender.Tell(assembler));
            ReceiveAny(m => probe.Forward(m));
        }

        public sealed class WhoIsChild
        {
            public static readonly WhoIsChild Instance = new();

            private WhoIsChild()
            {
            }
        }
    }
}
