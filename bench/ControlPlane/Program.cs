// Control-plane cost of AkkaBackup's transport: the round trip of one request and its answer between two actor
// systems on loopback over mutual TLS, with Akka's DotNetty transport (what nodes ran before: no firewall, the
// client named itself) and with AkkaBackup's (firewall and certificate stamp on every message); and the
// firewall's own cost per frame. Usage: bench/control-plane.sh [round trips per variant]
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Remoting;
using AkkaBackup.Remoting.Firewall;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

var trips = args.Length > 0 ? int.Parse(args[0]) : 5000;
var root = Directory.CreateTempSubdirectory("akkabackup-bench-control-").FullName;
try
{
    CertificateAuthority.WriteFiles(root, "Bench CA", ["receiver", "client-1"], "pw");
    TlsIdentity Identity(string node) => new(CertificateAuthority.LoadPfx(Path.Combine(root, node + ".pfx"), "pw"), CertificateAuthority.LoadCaCertificate(Path.Combine(root, "ca.crt")));

    Console.WriteLine($"{trips:N0} sequential round trips (CheckReceiver -> ReceiverChecked) per variant, after 500 to warm up");
    Console.WriteLine("variant                               median µs   p99 µs   mean µs");
    Report("Akka DotNetty TLS (before)", await RoundTrips(DotNetty(Identity("receiver")), DotNetty(Identity("client-1")), trips));
    Report("AkkaBackup TLS + firewall + stamp", await RoundTrips(
        Ours(Identity("receiver"), new RemotingPolicy(n => n == "client-1" ? ProtocolRules.ClientRequests : null, RemotingPolicy.NoOutbound)),
        Ours(Identity("client-1"), new RemotingPolicy(_ => null, _ => new OutboundPeer("receiver", ProtocolRules.ReceiverAnswers))), trips));
    Firewall();
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void Report(string variant, List<double> micros)
{
    micros.Sort();
    Console.WriteLine($"{variant,-36} {micros[micros.Count / 2],10:N0} {micros[(int)(micros.Count * 0.99)],8:N0} {micros.Average(),9:N0}");
}

static async Task<List<double>> RoundTrips(ActorSystem receiver, ActorSystem client, int trips)
{
    try
    {
        receiver.ActorOf(Props.Create(() => new Echo()), "receiver");
        var address = ((ExtendedActorSystem)receiver).Provider.DefaultAddress;
        var gateway = ((ExtendedActorSystem)client).Provider.ResolveActorRef(new RootActorPath(address) / "user" / "receiver");
        var micros = new List<double>(trips);
        for (var i = -500; i < trips; i++)
        {
            var clock = Stopwatch.StartNew();
            await gateway.Ask<ReceiverChecked>(new CheckReceiver(i), TimeSpan.FromSeconds(30));
            if (i >= 0)
            {
                micros.Add(clock.Elapsed.TotalMicroseconds);
            }
        }

        return micros;
    }
    finally
    {
        await Task.WhenAll(client.Terminate(), receiver.Terminate());
    }
}

static void Firewall()
{
    var local = new Address("akka.ssl.tcp", "akkabackup", "receiver", 4053);
    var peer = new Address("akka.ssl.tcp", "akkabackup", "db1", 40000);
    var open = new OpenTransfer("db1", "main", 5_000_000_000, 8 << 20, "20261205120000-abcdef01", Placement: new Placement("nightly", "{server}.zip", "UTC"));
    using var system = ActorSystem.Create("bytes", Config.Empty);
    var frame = AkkaPdu.WriteFrame(new AkkaPdu.Envelope($"{local}/user/receiver", new AkkaPdu.Payload(new ProtocolSerializer((ExtendedActorSystem)system).ToBinary(open), ProtocolSerializer.SerializerId, "open"), $"{peer}/temp/$a", 0));
    var firewall = new InboundFirewall("client-1", local, ProtocolRules.ClientRequests, new OriginBindings());
    firewall.Inspect(Handshake(peer));
    const int frames = 200_000;
    for (var i = 0; i < 10_000; i++)
    {
        firewall.Inspect(frame);
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < frames; i++)
    {
        firewall.Inspect(frame);
    }

    Console.WriteLine($"firewall check + stamp of one {frame.Length}-byte OpenTransfer frame: {clock.Elapsed.TotalNanoseconds / frames / 1000:N2} µs ({frames:N0} frames)");
}

static byte[] Handshake(Address origin)
{
    static byte[] Field(int number, byte[] bytes)
    {
        using var buffer = new MemoryStream();
        var output = new Google.Protobuf.CodedOutputStream(buffer);
        output.WriteTag(number, Google.Protobuf.WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Google.Protobuf.ByteString.CopyFrom(bytes));
        output.Flush();
        return buffer.ToArray();
    }

    static byte[] Text(int number, string text) => Field(number, System.Text.Encoding.UTF8.GetBytes(text));

    byte[] address = [.. Text(1, origin.System), .. Text(2, origin.Host!), 0x18, .. Varint((uint)origin.Port!.Value), .. Text(4, "ssl.tcp")];
    byte[] control = [0x08, 0x01, .. Field(2, Field(1, address))];
    return Field(2, control);

    static byte[] Varint(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}

static ActorSystem Ours(TlsIdentity identity, RemotingPolicy policy) =>
    ActorSystem.Create("akkabackup", BootstrapSetup.Create().WithConfig(RemotingConfig.Hocon.WithFallback(Common())).And(new TlsTransportSetup(identity, policy)));

static ActorSystem DotNetty(TlsIdentity identity)
{
    var validator = new PeerCertificateValidator(identity.TrustedCa, null);
    var ssl = new DotNettySslSetup(identity.Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false,
        customValidator: (certificate, _, _, _, _) => validator.Validate(certificate, out _));
    return ActorSystem.Create("akkabackup", BootstrapSetup.Create()
        .WithConfig(ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.remote.dot-netty.tcp.enable-ssl = on").WithFallback(Common())).And(ssl));
}

static Config Common() => ConfigurationFactory.ParseString($$"""
    akka.loglevel = WARNING
    akka.stdout-loglevel = WARNING
    akka.actor.serializers.akkabackup = "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}"
    akka.actor.serialization-bindings { "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = akkabackup }
    akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
    """);

/// <summary>The gateway's answer to a check, whether the request came stamped or plain.</summary>
internal sealed class Echo : ReceiveActor
{
    public Echo()
    {
        Receive<FromPeer>(m => Sender.Tell(new ReceiverChecked(true, 0, m.PeerName, "bench")));
        Receive<CheckReceiver>(_ => Sender.Tell(new ReceiverChecked(true, 0, "", "bench")));
    }
}
