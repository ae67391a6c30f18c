using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.TestSupport.Remoting;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Remoting.Tests;

/// <summary>
/// A stock Akka.NET node (DotNetty TLS, Akka's default serializers, JSON included) holding an allowed client's
/// certificate attacks a receiver-like node running AkkaBackup's transport. Only its plain requests to the gateway
/// arrive, stamped with its own name; everything else is refused before Akka reads it, logged once per kind.
/// </summary>
public sealed class HostilePeerTests(RemotingCertificates certs) : IClassFixture<RemotingCertificates>, IAsyncLifetime
{
    private readonly List<object> _received = [];
    private readonly List<string> _warnings = [];
    private ActorSystem _receiver = null!;
    private ActorSystem _attacker = null!;
    private IActorRef _from = null!;
    private Address _address = null!;

    public Task InitializeAsync()
    {
        _receiver = RemoteNodes.Receiver(certs.Identity("receiver"), ["client-1"], out _);
        _receiver.ActorOf(Props.Create(() => new EchoGateway(_received)), "receiver");
        _receiver.ActorOf(Props.Create(() => new EchoGateway(_received)), "storage");
        var listener = _receiver.ActorOf(Props.Create(() => new WarningCollector(_warnings)));
        _receiver.EventStream.Subscribe(listener, typeof(Warning));
        _address = RemoteNodes.AddressOf(_receiver);
        _attacker = Attacker(certs.Identity("client-1"));
        _from = _attacker.ActorOf(Props.Create(() => new Watching(ActorRefs.Nobody)), "sender");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PoisonPill_Kill_Identify_and_selections_reach_no_actor()
    {
        var gateway = Remote("/user/receiver");
        var storage = Remote("/user/storage");

        // With a sender of the attacker's own address, and without one (delivered from nobody).
        foreach (var target in new[] { gateway, storage })
        {
            foreach (var sender in new[] { _from, ActorRefs.NoSender })
            {
                target.Tell(PoisonPill.Instance, sender);
                target.Tell(Kill.Instance, sender);
                target.Tell(new Identify(1), sender);
            }
        }

        _attacker.ActorSelection(new RootActorPath(_address) / "user" / "*").Tell(new Identify(2), _from);
        _attacker.ActorSelection(new RootActorPath(_address) / "user" / "receiver").Tell(PoisonPill.Instance, _from);

        // Its one plain request still gets through, stamped with its own name: the gateway is alive.
        var answer = await gateway.Ask<ReceiverChecked>(new CheckReceiver(1), TimeSpan.FromSeconds(15));
        Assert.Equal("client-1", answer.Reason);
        await AssertStillRunning("/user/receiver", "/user/storage");
        Assert.All(_received, m => Assert.IsType<FromPeer>(m));
        Assert.Contains(_warnings, w => w.Contains("PP (serializer 16) to /user/receiver: not a message this peer may send there"));
        Assert.Contains(_warnings, w => w.Contains("K (serializer 16) to /user/storage: not a message this peer may send there"));
        Assert.Contains(_warnings, w => w.Contains("(serializer 6) to /: not a message this peer may send there"));
    }

    [Fact]
    public async Task Json_payloads_forged_stamps_wrong_recipients_and_answers_instead_of_requests_are_refused()
    {
        var gateway = Remote("/user/receiver");
        var stamped = PeerStamp.Stamp("client-2", new ProtocolSerializer((ExtendedActorSystem)_attacker).ToBinary(new CheckReceiver(1)));

        gateway.Tell(new AssemblerLikeMessage("/etc/passwd"), _from);
        gateway.Tell(new Forged(stamped, PeerStamp.Manifest("chk")), _from);
        gateway.Tell(new TransferOpened("20261204000000-0000000000000000", 4054), _from);
        Remote("/user/storage").Tell(new CheckReceiver(1), _from);
        Remote("/system/remote-watcher").Tell(new CheckReceiver(1), _from);

        // A sender that is not the attacker's own address: an answer would go elsewhere, in its name.
        var someoneElse = RemoteNodes.Resolve(_attacker, new Address("akka.ssl.tcp", "akkabackup", "127.0.0.1", 1), "/user/victim");
        gateway.Tell(new CheckReceiver(9), someoneElse);

        var answer = await gateway.Ask<ReceiverChecked>(new CheckReceiver(2), TimeSpan.FromSeconds(15));

        Assert.Equal("client-1", answer.Reason);
        var only = Assert.IsType<FromPeer>(Assert.Single(_received));
        Assert.Equal("client-1", only.PeerName);
        Assert.Contains(_warnings, w => w.Contains("@chk (serializer 4711) to /user/receiver"));
        Assert.Contains(_warnings, w => w.Contains("opnd (serializer 4711) to /user/receiver"));
        Assert.Contains(_warnings, w => w.Contains("(serializer 1) to /user/receiver"));
        Assert.Contains(_warnings, w => w.Contains("whose sender (akka.ssl.tcp://akkabackup@127.0.0.1:1/user/victim) is not the peer's own address"));
    }

    [Fact]
    public async Task Remote_deployment_and_remote_watch_are_refused()
    {
        var deployed = _attacker.ActorOf(Props.Create(() => new EchoGateway(new List<object>())).WithDeploy(new Deploy(new RemoteScope(_address))), "planted");
        deployed.Tell(new CheckReceiver(1));
        var watcher = _attacker.ActorOf(Props.Create(() => new Watching(Remote("/user/receiver"))));

        await Remote("/user/receiver").Ask<ReceiverChecked>(new CheckReceiver(3), TimeSpan.FromSeconds(15));

        Assert.Equal(ActorRefs.Nobody, await _receiver.ActorSelection("/remote/**").ResolveOne(TimeSpan.FromSeconds(3)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : ActorRefs.Nobody));
        Assert.Single(_received);

        // The remote watch travels as a system message, which Akka may deliver after the plain request's answer.
        await WaitForWarning("(serializer 3) to /remote");
        await WaitForWarning("(serializer 22)");
        Assert.Single(_received);
        watcher.Tell(PoisonPill.Instance);
    }

    [Fact]
    public async Task Each_kind_of_refusal_is_logged_once_however_often_it_is_sent()
    {
        var storage = Remote("/user/storage");
        for (var i = 0; i < 50; i++)
        {
            storage.Tell(Kill.Instance, _from);
        }

        await Remote("/user/receiver").Ask<ReceiverChecked>(new CheckReceiver(1), TimeSpan.FromSeconds(15));

        Assert.Single(_warnings, w => w.Contains("K (serializer 16) to /user/storage"));
    }

    [Fact]
    public async Task A_flood_of_allowed_requests_is_cut_to_the_rate_limit_and_the_peer_is_served_again_after_it()
    {
        var gateway = Remote("/user/receiver");
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 3000; i++)
        {
            gateway.Tell(new CheckReceiver(i), _from);
        }

        await WaitForWarning("more than 100 messages a second");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var answer = await gateway.Ask<ReceiverChecked>(new CheckReceiver(-1), TimeSpan.FromSeconds(15));
        var elapsed = started.Elapsed;

        Assert.Equal("client-1", answer.Reason);
        int received;
        lock (_received)
        {
            received = _received.Count;
        }

        // The burst (500) plus what the bucket refilled while the test ran, and far fewer than were sent.
        Assert.InRange(received, 100, PeerConnection.MessageBurst + (int)(PeerConnection.MessagesPerSecond * elapsed.TotalSeconds) + 1);
        Assert.True(received < 3000, $"{received} of 3000 flooded requests got through");
        Assert.Single(_warnings, w => w.Contains("more than 100 messages a second"));
    }

    public async Task DisposeAsync()
    {
        Assert.False(_receiver.WhenTerminated.IsCompleted, "a peer must never take the node down");
        await Task.WhenAll(_attacker.Terminate(), _receiver.Terminate());
    }

    private async Task WaitForWarning(string text)
    {
        for (var waited = 0; waited < 150; waited++)
        {
            lock (_warnings)
            {
                if (_warnings.Any(w => w.Contains(text)))
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no warning containing \"{text}\" within 15 s");
    }

    private IActorRef Remote(string path) => RemoteNodes.Resolve(_attacker, _address, path);

    private async Task AssertStillRunning(params string[] paths)
    {
        foreach (var path in paths)
        {
            var identity = await _receiver.ActorSelection(path).Ask<ActorIdentity>(new Identify(path), TimeSpan.FromSeconds(5));
            Assert.NotNull(identity.Subject);
        }
    }

    private static ActorSystem Attacker(TlsIdentity identity) => StockPeer.Start(identity);

    /// <summary>A message the receiver has no serializer for: Akka's JSON carries it with its CLR type name.</summary>
    public sealed record AssemblerLikeMessage(string PartPath);

    private sealed class Watching : ReceiveActor
    {
        public Watching(IActorRef target)
        {
            Context.Watch(target);
            ReceiveAny(_ => { });
        }
    }

    private sealed class WarningCollector : ReceiveActor
    {
        public WarningCollector(List<string> warnings) =>
            Receive<Warning>(w =>
            {
                lock (warnings)
                {
                    warnings.Add(w.Message?.ToString() ?? "");
                }
            });
    }
}
