using System.Text.RegularExpressions;
using Akka.Actor;
using AkkaBackup.Core.Security;
using AkkaBackup.Remoting;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Receiver.Transfers;
using AkkaBackup.TestSupport.Remoting;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// Real receiver and client node processes, attacked from this test by a stock Akka.NET node that holds one
/// certificate of the nodes' own CA: an allowed client's, the receiver's, an allowed console's. Every attack of
/// the control plane's threat table is refused, nothing of another client is written or deleted, both nodes keep
/// running, and each kind of refusal is logged once.
/// </summary>
public sealed class HostilePeerTests
{
    private static readonly ArchiveDescription Description = new(
        "evil", "db1", "main", "10.11", "/var/lib/mysql", 1, 1, "zip/deflate", DateTimeOffset.UtcNow, [], "run", "full", "all");

    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_allowed_client_can_neither_stop_the_receiver_nor_touch_another_clients_transfer()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000, clients: 2);
        await env.StartReceiverAsync();
        var owner = env.BackupAsync(env.WriteClientConfig(chunkSize: "64KiB", client: env.Clients[0], extra: "akkabackup.testing.chunk-delay = 200ms"));
        await env.Receiver!.WaitForOutputAsync("Data-plane connection from client-1", TimeSpan.FromMinutes(2));
        var transferId = Regex.Match(env.Receiver.Output, @"Opening transfer (\S+) for client-1").Groups[1].Value;
        var part = Path.Combine(env.Store, ".partial", transferId + ".part");

        using var attacker = StockPeer.Start(Identity(env, "client-2"));
        var inbox = Inbox.Create(attacker);
        var receiver = new Address("akka.ssl.tcp", RemotingConfig.SystemName, "127.0.0.1", env.ReceiverPort);
        var gateway = StockPeer.Resolve(attacker, receiver, "/user/receiver");

        // Stop or kill its actors, twice over; reach them by selection; deploy an actor onto it.
        foreach (var path in new[] { "/user/receiver", "/user/storage", "/user/data-plane", "/user/retention", "/system/remote-watcher" })
        {
            var target = StockPeer.Resolve(attacker, receiver, path);
            for (var i = 0; i < 2; i++)
            {
                target.Tell(PoisonPill.Instance, inbox.Receiver);
                target.Tell(Kill.Instance, inbox.Receiver);
            }
        }

        attacker.ActorSelection(new RootActorPath(receiver) / "user" / "*").Tell(new Identify("all"), inbox.Receiver);
        attacker.ActorOf(Props.Empty.WithDeploy(new Deploy(new RemoteScope(receiver))), "planted");

        // Internal messages (only JSON could carry them), the status with every client's resume tokens, a stamp it made itself.
        gateway.Tell(new TransferMessages.AssemblerReady(transferId, "client-2", "db2", "main", part, 65536, 1 << 30, CancellationToken.None), inbox.Receiver);
        gateway.Tell(TransferMessages.GetReceiverStatus.Instance, inbox.Receiver);
        gateway.Tell(new Forged(PeerStamp.Stamp("client-1", StockPeer.Bytes(attacker, new AbortTransfer(transferId, "x"))), PeerStamp.Manifest("abrt")), inbox.Receiver);

        // Complete, abort and resume client-1's transfer: the receiver acts for client-2, whose certificate this is.
        gateway.Tell(new CompleteTransfer(transferId, 1, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Description), inbox.Receiver);
        gateway.Tell(new AbortTransfer(transferId, "gone"), inbox.Receiver);
        gateway.Tell(new ResumeTransfer(transferId), inbox.Receiver);
        gateway.Tell(new CheckReceiver(1), inbox.Receiver);

        var answers = new List<object>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await inbox.ReceiveAsync(Answer));
        }

        Assert.Equal(3, answers.OfType<TransferUnknown>().Count(u => u.Reason.Contains("for client-2", StringComparison.Ordinal)));
        Assert.True(Assert.Single(answers.OfType<ReceiverChecked>()).Accepted);
        await Assert.ThrowsAsync<TimeoutException>(() => inbox.ReceiveAsync(TimeSpan.FromSeconds(2)));

        var (code, run) = await owner;
        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        var stored = Assert.Single(Directory.GetFiles(Path.Combine(env.Store, "client-1"), "*.zip", SearchOption.AllDirectories));
        Assert.Contains(await Sha256(stored), await File.ReadAllTextAsync(stored + ".manifest.json"));
        Assert.False(Directory.Exists(Path.Combine(env.Store, "client-2")));
        Assert.False(env.Receiver.HasExited, "the receiver must keep running");

        var log = env.Logs();
        Assert.Equal(1, Count(log, "Refused from client-2 (127.0.0.1:", "K (serializer 16) to /user/storage: not a message this peer may send there"));
        Assert.Equal(1, Count(log, "Refused from client-2 (127.0.0.1:", "PP (serializer 16) to /user/receiver: not a message this peer may send there"));
        Assert.Contains("(serializer 1) to /user/receiver: not a message this peer may send there", log);
        Assert.Contains("@abrt (serializer 4711) to /user/receiver", log);
        Assert.Contains("(serializer 3) to /remote", log);
        Assert.Contains($"Refused CompleteTransfer from client client-2 for transfer {transferId}, which belongs to client client-1", log);
    }

    [Fact]
    public async Task The_receivers_certificate_does_not_even_open_a_connection_to_a_client_node()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await using var console = await ConsoleNode.StartAsync(env);
        var pid = env.Db.Pid;

        // With the receiver's key, ask the client node to start a run (stop its database) and refuse all later ones.
        var attacker = StockPeer.Start(Identity(env, "receiver"));
        try
        {
            var node = new Address("akka.ssl.tcp", RemotingConfig.SystemName, "127.0.0.1", console.Port);
            var runs = StockPeer.Resolve(attacker, node, "/user/runs");
            runs.Tell(new StartRunLike("main"));
            runs.Tell(PoisonPill.Instance);
            await console.Node.WaitForOutputAsync("certificate CN=receiver is not one of the allowed peers", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await attacker.Terminate();
        }

        Assert.False(console.Node.HasExited);
        Assert.Equal(pid, env.Db.Pid);
        Assert.True(await env.Db.AnswersAsync());
        Assert.DoesNotContain("StoppingServer", console.Node.Output);
        var (code, list) = await console.AbkAsync("backup", "list");
        Assert.True(code == 0, list.Output);
    }

    [Fact]
    public async Task An_allowed_console_runs_nothing_unsigned_signed_for_another_node_or_replayed()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await using var console = await ConsoleNode.StartAsync(env);
        var identity = Identity(env, "console");
        using var attacker = StockPeer.Start(identity);
        var inbox = Inbox.Create(attacker);
        var endpoint = StockPeer.Resolve(attacker, new Address("akka.ssl.tcp", RemotingConfig.SystemName, "127.0.0.1", console.Port), "/user/console");

        string[] remove = ["config", "instance", "remove", "main"];
        endpoint.Tell(new ConsoleRequest(remove, "unsigned-1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "client-1", identity.Certificate.RawData, []), inbox.Receiver);
        Assert.Contains("not signed by a console certificate", await Refusal(inbox));

        endpoint.Tell(Signed(identity, remove, "for-the-receiver", "receiver"), inbox.Receiver);
        Assert.Contains("meant for node 'receiver', this is 'client-1'", await Refusal(inbox));

        var list = Signed(identity, ["config", "instance", "list"], "once", "client-1");
        endpoint.Tell(list, inbox.Receiver);
        Assert.Equal(0, await Done(inbox));
        endpoint.Tell(list, inbox.Receiver);
        Assert.Contains("request once was already run (a replayed request)", await Refusal(inbox));

        Assert.Contains("main", (await console.AbkAsync("config", "instance", "list")).Abk.Stdout);
        Assert.DoesNotContain("instance remove", console.Node.Output);
        Assert.False(console.Node.HasExited);
    }

    /// <summary>Stands in for the client node's StartRun: a type the node has no serializer for.</summary>
    public sealed record StartRunLike(string Instance);

    private static TlsIdentity Identity(BackupEnvironment env, string name) =>
        NodeTls.Load(new Core.Configuration.TlsFiles(Path.Combine(env.Certs, name + ".pfx"), BackupEnvironment.Password, Path.Combine(env.Certs, "ca.crt")), name);

    private static ConsoleRequest Signed(TlsIdentity identity, string[] words, string id, string node)
    {
        var issued = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new ConsoleRequest(words, id, issued, node, identity.Certificate.RawData,
            RequestSignature.Sign(identity.Certificate, RequestSignature.Payload(words, id, issued, node)));
    }

    /// <summary>The error output of a refused console request, which ends with exit code 2.</summary>
    private static async Task<string> Refusal(Inbox inbox)
    {
        var error = Assert.IsType<ConsoleOutput>(await inbox.ReceiveAsync(Answer));
        Assert.True(error.Error);
        Assert.Equal(2, Assert.IsType<ConsoleDone>(await inbox.ReceiveAsync(Answer)).ExitCode);
        return error.Text;
    }

    private static async Task<int> Done(Inbox inbox)
    {
        while (true)
        {
            if (await inbox.ReceiveAsync(Answer) is ConsoleDone done)
            {
                return done.ExitCode;
            }
        }
    }

    private static int Count(string log, string prefix, string text) =>
        log.Split('\n').Count(line => line.Contains(prefix, StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal));

    private static async Task<string> Sha256(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file));
    }
}
