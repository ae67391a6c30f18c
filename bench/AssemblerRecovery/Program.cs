// Time for a receiver to recover one partial transfer of N chunks from its SQLite journal, with and
// without snapshots: the Assembler is fed N chunk records, stopped, and started again; the clock runs
// from the new incarnation's start to its AssemblerReady.
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Persistence;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

var counts = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 100_000];
Console.WriteLine("| chunks | snapshot-every | write all (s) | recover (s) |");
Console.WriteLine("|---:|---:|---:|---:|");
foreach (var chunks in counts)
{
    foreach (var every in new[] { 1000, int.MaxValue })
    {
        var (write, recover) = await MeasureAsync(chunks, every);
        Console.WriteLine($"| {chunks:N0} | {(every == int.MaxValue ? "never" : every.ToString())} | {write.TotalSeconds:0.00} | {recover.TotalSeconds:0.000} |");
    }
}

static async Task<(TimeSpan Write, TimeSpan Recover)> MeasureAsync(int chunks, int snapshotEvery)
{
    var root = Directory.CreateTempSubdirectory("akkabackup-recovery-bench-").FullName;
    try
    {
        var journal = Path.Combine(root, "store", ".partial", "receiver-journal.db");
        Journal.Prepare(journal);
        var settings = ReceiverSettingsReader.Read(ConfigurationFactory.ParseString($$"""
            akkabackup.node-name = receiver
            akkabackup.receiver { store-directory = "{{Path.Combine(root, "store")}}", allowed-clients = [c], snapshot-every = {{snapshotEvery}} }
            """));
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.inbox.inbox-size = 1000000
            akka.actor {
              serializers.assembler = "AkkaBackup.Receiver.Persistence.AssemblerEventSerializer, AkkaBackup.Receiver"
              serialization-bindings { "AkkaBackup.Receiver.Transfers.IAssemblerEvent, AkkaBackup.Receiver" = assembler }
            }
            """).WithFallback(Journal.Hocon(journal));
        using var system = ActorSystem.Create("bench", config);
        const string id = "0123456789abcdef0123456789abcdef";
        var inbox = Inbox.Create(system);

        var open = new NewTransfer("c", new OpenTransfer("db", "main", chunks * 16L, 16, "bench"));
        var first = system.ActorOf(Props.Create(() => new Parent(Assembler.Props(id, open, inbox.Receiver, settings, inbox.Receiver), inbox.Receiver)));
        var clock = Stopwatch.StartNew();
        await Until<AssemblerReady>(inbox);
        var assembler = await first.Ask<IActorRef>("child");
        for (var i = 0; i < chunks; i++)
        {
            assembler.Tell(new GrantChunk(i), inbox.Receiver);
            assembler.Tell(new ChunkStored(i, i * 16L, 16, (ulong)i), inbox.Receiver);
        }

        for (var acked = 0; acked < chunks;)
        {
            acked += await inbox.ReceiveAsync(TimeSpan.FromMinutes(10)) is ChunkRecorded ? 1 : 0;
        }

        var write = clock.Elapsed;
        await first.GracefulStop(TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the journal settle

        clock.Restart();
        system.ActorOf(Props.Create(() => new Parent(Assembler.Props(id, null, inbox.Receiver, settings, inbox.Receiver), inbox.Receiver)));
        await Until<AssemblerReady>(inbox);
        var recover = clock.Elapsed;
        await system.Terminate();
        return (write, recover);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }
}

static async Task Until<T>(Inbox inbox)
{
    while (await inbox.ReceiveAsync(TimeSpan.FromMinutes(10)) is not T)
    {
    }
}

internal sealed class Parent : ReceiveActor
{
    public Parent(Props child, IActorRef probe)
    {
        var assembler = Context.ActorOf(child, "assembler");
        Receive<string>(_ => Sender.Tell(assembler));
        ReceiveAny(m => probe.Forward(m));
    }
}
