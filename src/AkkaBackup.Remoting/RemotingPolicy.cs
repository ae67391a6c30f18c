using Akka.Actor;
using AkkaBackup.Remoting.Firewall;

namespace AkkaBackup.Remoting;

/// <summary>
/// Who a node talks to over Akka.Remote and what each peer may send it. A certificate from the node's CA is
/// necessary but not enough: an inbound connection is accepted only for a CN that <see cref="Inbound"/> gives
/// rules for, and the node dials only the addresses <see cref="Outbound"/> names, each with the one CN it
/// expects there. A role that opens no connections (the receiver) has no outbound peers at all.
/// </summary>
/// <param name="Inbound">The rules for a peer that connected to this node, by its certificate CN; null = refused.</param>
/// <param name="Outbound">For an address this node may dial: the CN expected there and the rules for what it sends back; null = never dialled.</param>
public sealed record RemotingPolicy(Func<string, PeerRules?> Inbound, Func<Address, OutboundPeer?> Outbound)
{
    public static Func<Address, OutboundPeer?> NoOutbound { get; } = _ => null;
}

/// <param name="ExpectedName">The CN the peer's certificate must carry; null accepts any CN from the CA.</param>
public sealed record OutboundPeer(string? ExpectedName, PeerRules Rules);
