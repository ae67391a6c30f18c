using Akka.Actor;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Remoting.Firewall;
using AkkaBackup.TestSupport.Fuzzing;
using Google.Protobuf;

namespace AkkaBackup.Remoting.Tests;

/// <summary>The firewall on its own, frame by frame: what passes, what is stamped, what closes the connection; and a fuzz of its parser.</summary>
public sealed class FirewallTests
{
    private static readonly Address Local = new("akka.ssl.tcp", "akkabackup", "receiver.example.org", 4053);
    private static readonly Address Peer = new("akka.ssl.tcp", "akkabackup", "db1.example.org", 40000);

    [Fact]
    public void A_request_after_the_handshake_passes_stamped_with_the_peers_certificate_name()
    {
        var firewall = Firewall("client-1");

        Assert.Equal(FirewallAction.Pass, firewall.Inspect(Associate(Peer)).Action);
        var verdict = firewall.Inspect(Request("/user/receiver", "chk", Peer));

        Assert.Equal(FirewallAction.Pass, verdict.Action);
        var envelope = AkkaPdu.ReadContainer(AkkaPdu.ReadFrame(verdict.Frame!).Payload!).Envelope!;
        Assert.Equal("@chk", envelope.Message.Manifest);
        var (peer, original) = PeerStamp.Read(envelope.Message.Bytes);
        Assert.Equal("client-1", peer);
        Assert.Equal([3, 9], original);
    }

    [Fact]
    public void A_message_before_the_handshake_or_a_second_handshake_closes_the_connection()
    {
        Assert.Equal(FirewallAction.Close, Firewall("client-1").Inspect(Request("/user/receiver", "chk", Peer)).Action);

        var firewall = Firewall("client-1");
        firewall.Inspect(Associate(Peer));
        Assert.Equal(FirewallAction.Close, firewall.Inspect(Associate(Peer)).Action);
    }

    [Fact]
    public void An_address_another_certificate_holds_cannot_be_claimed_until_it_is_let_go()
    {
        var bindings = new OriginBindings();
        var owner = new InboundFirewall("client-1", Local, ProtocolRules.ClientRequests, bindings);
        var squatter = new InboundFirewall("client-2", Local, ProtocolRules.ClientRequests, bindings);

        Assert.Equal(FirewallAction.Pass, owner.Inspect(Associate(Peer)).Action);
        var refused = squatter.Inspect(Associate(Peer));
        Assert.Equal(FirewallAction.Close, refused.Action);
        Assert.Contains("which the connection of client-1 holds", refused.Reason);
        Assert.Equal(FirewallAction.Close, new InboundFirewall("client-2", Local, ProtocolRules.ClientRequests, bindings).Inspect(Associate(Local)).Action);

        owner.Closed();
        Assert.Equal(FirewallAction.Pass, new InboundFirewall("client-2", Local, ProtocolRules.ClientRequests, bindings).Inspect(Associate(Peer)).Action);
    }

    [Theory]
    [InlineData("/user/storage", "chk", "not a message this peer may send there")]
    [InlineData("/user/receiver", "opnd", "not a message this peer may send there")]
    [InlineData("/user/receiver", "@chk", "not a message this peer may send there")]
    [InlineData("/user/receiver/transfer-20261204000000-0000000000000000", "cmpl", "not a message this peer may send there")]
    public void Messages_no_rule_allows_are_dropped_and_the_connection_stays(string path, string manifest, string reason)
    {
        var firewall = Firewall("client-1");
        firewall.Inspect(Associate(Peer));

        var verdict = firewall.Inspect(Request(path, manifest, Peer));

        Assert.Equal(FirewallAction.Drop, verdict.Action);
        Assert.Contains(reason, verdict.Reason);
        Assert.Equal(FirewallAction.Pass, firewall.Inspect(Request("/user/receiver", "chk", Peer)).Action);
    }

    [Fact]
    public void A_message_for_another_node_or_in_another_peers_name_is_dropped()
    {
        var firewall = Firewall("client-1");
        firewall.Inspect(Associate(Peer));

        var elsewhere = firewall.Inspect(Request("/user/receiver", "chk", Peer, recipient: new Address("akka.ssl.tcp", "akkabackup", "other", 4053)));
        var forged = firewall.Inspect(Request("/user/receiver", "chk", new Address("akka.ssl.tcp", "akkabackup", "db2.example.org", 40000)));

        Assert.Contains("not an actor of this node", elsewhere.Reason);
        Assert.Contains("is not the peer's own address", forged.Reason);
    }

    [Fact]
    public void An_acknowledgement_of_system_messages_is_taken_off_the_message_it_rides_on_and_alone_is_dropped_quietly()
    {
        var firewall = Firewall("client-1");
        firewall.Inspect(Associate(Peer));
        var request = AkkaPdu.ReadContainer(AkkaPdu.ReadFrame(Request("/user/receiver", "chk", Peer)).Payload!).Envelope!;

        var riding = firewall.Inspect(WithAck(request));
        var alone = firewall.Inspect(WithAck(null));

        Assert.Equal(FirewallAction.Pass, riding.Action);
        var passed = AkkaPdu.ReadContainer(AkkaPdu.ReadFrame(riding.Frame!).Payload!);
        Assert.False(passed.HasAck);
        Assert.Equal("@chk", passed.Envelope!.Message.Manifest);
        Assert.Equal(FirewallAction.Ignore, alone.Action);
    }

    [Fact]
    public void A_message_numbered_as_a_system_message_is_dropped_it_would_wait_in_akkas_unbounded_redelivery_buffer()
    {
        var firewall = Firewall("client-1");
        firewall.Inspect(Associate(Peer));

        foreach (var seq in new ulong[] { 0, 1, 7, ulong.MaxValue - 1 })
        {
            var verdict = firewall.Inspect(Request("/user/receiver", "chk", Peer, seq: seq));
            Assert.Equal(FirewallAction.Drop, verdict.Action);
            Assert.Contains("system-message sequence number", verdict.Reason);
        }
    }

    [Theory]
    [InlineData("/user/../system/remote-watcher")]
    [InlineData("/user/./receiver")]
    public void A_recipient_path_that_climbs_or_loops_is_dropped(string path)
    {
        var firewall = new InboundFirewall("node", Local, ProtocolRules.ConsoleAnswers, new OriginBindings());
        firewall.Inspect(Associate(Peer));

        var verdict = firewall.Inspect(Request(path, "out", Peer));

        Assert.Equal(FirewallAction.Drop, verdict.Action);
        Assert.Contains("not an actor of this node", verdict.Reason);
    }

    [Fact]
    public void A_system_name_that_differs_only_in_case_is_another_address()
    {
        // Akka lowercases host names itself (new Address(..., "DB1") is "db1"), so only the
        // system name can differ in case; Akka delivers by exact system name, and so must we.
        var firewall = Firewall("client-1");
        firewall.Inspect(Associate(Peer));
        var shouting = new Address(Peer.Protocol, Peer.System.ToUpperInvariant(), Peer.Host, Peer.Port);
        Assert.NotEqual(Peer, shouting);

        Assert.Equal(FirewallAction.Drop, firewall.Inspect(Request("/user/receiver", "chk", shouting)).Action);

        var bindings = new OriginBindings();
        new InboundFirewall("client-2", Local, ProtocolRules.ClientRequests, bindings).Inspect(Associate(shouting));
        var owner = new InboundFirewall("client-1", Local, ProtocolRules.ClientRequests, bindings);
        Assert.Equal(FirewallAction.Pass, owner.Inspect(Associate(Peer)).Action);
        Assert.Equal(FirewallAction.Drop, owner.Inspect(Request("/user/receiver", "chk", shouting)).Action);
    }

    [Fact]
    public void What_passes_is_written_anew_so_akka_never_merges_a_second_envelope_the_firewall_did_not_check()
    {
        var firewall = new InboundFirewall("receiver", Local, ProtocolRules.ReceiverAnswers, new OriginBindings());
        firewall.Inspect(Associate(Peer));
        var checkedOne = AkkaPdu.ReadContainer(AkkaPdu.ReadFrame(Request("/temp/$a", "chkd", Peer)).Payload!).Envelope!;
        var other = AkkaPdu.ReadContainer(AkkaPdu.ReadFrame(Request("/temp/$a", "chkd", new Address("akka.ssl.tcp", "akkabackup", "victim", 1))).Payload!).Envelope!;

        // Two envelope fields in one container: Akka's parser would merge them, this firewall reads the last.
        var verdict = firewall.Inspect(Container(EnvelopeField(other), EnvelopeField(checkedOne)));

        Assert.Equal(FirewallAction.Pass, verdict.Action);
        Assert.Equal(AkkaPdu.WriteFrame(checkedOne), verdict.Frame);
    }

    public static TheoryData<int> Seeds() => [.. Fuzz.Seeds];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_frames_never_make_the_firewall_throw_or_allocate_far_past_their_size(int seed)
    {
        var associate = Associate(Peer);
        var request = Request("/user/receiver", "chk", Peer);

        Fuzz.Run(seed, [associate], frame =>
        {
            var firewall = Firewall("client-1");
            firewall.Inspect(frame);
            firewall.Inspect(request);
        }, [], Limit, Fuzz.Cases / 2);
        Fuzz.Run(seed, [request], frame =>
        {
            var firewall = Firewall("client-1");
            firewall.Inspect(associate);
            firewall.Inspect(frame);
        }, [], Limit, Fuzz.Cases / 2);
    }

    private static long Limit(byte[] input) => 32L * input.Length + 64 * 1024;

    private static InboundFirewall Firewall(string peer) => new(peer, Local, ProtocolRules.ClientRequests, new OriginBindings());

    /// <summary>Akka's ASSOCIATE instruction, as Akka.Remote writes it (the transport's scheme in the origin).</summary>
    internal static byte[] Associate(Address origin)
    {
        var address = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(origin.System);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString(origin.Host!);
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteUInt32((uint)origin.Port!.Value);
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            o.WriteString("ssl.tcp");
        });
        var handshake = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(address);
            o.WriteTag(2, WireFormat.WireType.Fixed64);
            o.WriteFixed64(12345);
        });
        var control = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteEnum(AkkaPdu.Associate);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(handshake);
        });
        return Message(o =>
        {
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(control);
        }).ToByteArray();
    }

    internal static byte[] Request(string path, string manifest, Address sender, Address? recipient = null, ulong seq = AkkaPdu.OrdinarySeq) =>
        AkkaPdu.WriteFrame(new AkkaPdu.Envelope(
            $"{recipient ?? Local}{path}", new AkkaPdu.Payload([3, 9], ProtocolSerializer.SerializerId, manifest), $"{sender}/temp/$a", seq));

    /// <summary>A payload frame whose container carries an acknowledgement (cumulative 0) and, optionally, the envelope of <paramref name="envelope"/>.</summary>
    private static byte[] WithAck(AkkaPdu.Envelope? envelope)
    {
        var ack = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Fixed64);
            o.WriteFixed64(0);
        });
        var container = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ack);
            if (envelope is not null)
            {
                var inner = AkkaPdu.ReadFrame(AkkaPdu.WriteFrame(envelope)).Payload!;
                var envelopeBytes = new CodedInputStream(inner);
                envelopeBytes.ReadTag();
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(envelopeBytes.ReadBytes());
            }
        });
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(container);
        }).ToByteArray();
    }

    private static ByteString EnvelopeField(AkkaPdu.Envelope envelope)
    {
        var container = new CodedInputStream(AkkaPdu.ReadFrame(AkkaPdu.WriteFrame(envelope)).Payload!);
        container.ReadTag();
        return container.ReadBytes();
    }

    private static byte[] Container(params ByteString[] envelopes)
    {
        var container = Message(o =>
        {
            foreach (var envelope in envelopes)
            {
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(envelope);
            }
        });
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(container);
        }).ToByteArray();
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
