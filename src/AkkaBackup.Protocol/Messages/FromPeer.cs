namespace AkkaBackup.Protocol.Messages;

/// <summary>
/// A request as it arrived over Akka.Remote: <paramref name="PeerName"/> is the CN of the TLS certificate of
/// the connection it came in on, stamped by AkkaBackup's transport (never by the sender, which cannot produce
/// this message: no serializer writes it, and the transport refuses inbound bytes that already carry a stamp).
/// Actors that act for a peer take its identity from here and never from a field of the message.
/// </summary>
public sealed record FromPeer(string PeerName, object Message);
