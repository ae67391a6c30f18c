using Akka.Actor;
using AkkaBackup.Protocol.Serialization;

namespace AkkaBackup.Remoting.Firewall;

/// <summary>
/// Checks every frame one peer sends before Akka.Remote reads it, and keeps only what that peer may send:
/// the Akka handshake first (naming an address no other certificate holds), then heartbeats and ordinary
/// messages (no system-message sequence number) whose sender, if they name one, is exactly the peer's own
/// address (an answer never goes to a third party in the peer's name), addressed to this node, to an actor and
/// of a type the peer's <see cref="PeerRules"/> allow. No system message, actor selection, remote deployment,
/// PoisonPill, Kill or JSON payload passes, because no rule names them; acknowledgements of system messages are
/// taken off. What passes is written anew from what was read, so Akka sees exactly what was checked. Messages a
/// rule stamps are marked with the peer's certificate name. One instance per connection; not thread-safe (one
/// read loop calls it).
/// </summary>
public sealed class InboundFirewall(string peer, Address local, PeerRules rules, OriginBindings bindings)
{
    private const string AkkaProtocol = "akka.ssl.tcp";
    private const string TransportProtocol = "ssl.tcp";

    private Address? _origin;

    /// <summary>The address the peer named in its handshake (null before it).</summary>
    public Address? Origin => _origin;

    public FirewallVerdict Inspect(byte[] frame)
    {
        AkkaPdu.Frame pdu;
        try
        {
            pdu = AkkaPdu.ReadFrame(frame);
        }
        catch (MalformedPduException e)
        {
            return FirewallVerdict.Close($"a malformed Akka.Remote frame ({e.Message})");
        }

        if (pdu.Control is { } control)
        {
            return pdu.Payload is null ? Instruction(control) : FirewallVerdict.Close("a frame with both an instruction and a payload");
        }

        if (pdu.Payload is null)
        {
            return FirewallVerdict.Close("an empty frame");
        }

        if (_origin is null)
        {
            return FirewallVerdict.Close("a message before the Akka handshake");
        }

        AkkaPdu.Container container;
        try
        {
            container = AkkaPdu.ReadContainer(pdu.Payload);
        }
        catch (MalformedPduException e)
        {
            return FirewallVerdict.Close($"a malformed message envelope ({e.Message})");
        }

        // Akka piggybacks acknowledgements of system messages on what it sends after a reconnection, even when it
        // never received any. This node sends none, so an acknowledgement means nothing to it: it is taken off.
        if (container.Envelope is not { } envelope)
        {
            return container.HasAck ? FirewallVerdict.Ignore : FirewallVerdict.Drop("empty container", "a container without a message");
        }

        return Message(envelope);
    }

    /// <summary>Lets go of the address this connection held.</summary>
    public void Closed()
    {
        if (_origin is { } origin)
        {
            bindings.Release(origin);
            _origin = null;
        }
    }

    private FirewallVerdict Instruction(AkkaPdu.Control control)
    {
        switch (control.Command)
        {
            case AkkaPdu.Associate when _origin is not null:
                return FirewallVerdict.Close("a second Akka handshake on one connection");
            case AkkaPdu.Associate:
                return Handshake(control.Origin);
            case AkkaPdu.Heartbeat when _origin is null:
                return FirewallVerdict.Close("a heartbeat before the Akka handshake");
            case AkkaPdu.Heartbeat or AkkaPdu.Disassociate or AkkaPdu.DisassociateShuttingDown or AkkaPdu.DisassociateQuarantined:
                return FirewallVerdict.Pass(AkkaPdu.WriteControl(new AkkaPdu.Control(control.Command, null)));
            default:
                return FirewallVerdict.Close($"an unknown Akka.Remote instruction {control.Command}");
        }
    }

    private FirewallVerdict Handshake(AkkaPdu.Origin? origin)
    {
        // The handshake names the transport's scheme (ssl.tcp); actor paths carry Akka's (akka.ssl.tcp).
        if (origin is null || origin.Protocol is not (TransportProtocol or AkkaProtocol) || !ActorSystemName(origin.System) || !HostName(origin.Host)
            || origin.Port is 0 or > 65535)
        {
            return FirewallVerdict.Close($"an Akka handshake with an invalid origin ({origin})");
        }

        var address = new Address(AkkaProtocol, origin.System, origin.Host, (int)origin.Port);
        if (address.Equals(local))
        {
            return FirewallVerdict.Close($"an Akka handshake claiming this node's own address {address}");
        }

        if (bindings.TryBind(address, peer) is { } holder)
        {
            return FirewallVerdict.Close($"an Akka handshake claiming the address {address}, which the connection of {holder} holds");
        }

        _origin = address;
        return FirewallVerdict.Pass(AkkaPdu.WriteControl(new AkkaPdu.Control(AkkaPdu.Associate, origin with { Protocol = TransportProtocol })));
    }

    private FirewallVerdict Message(AkkaPdu.Envelope envelope)
    {
        var message = envelope.Message;
        var what = $"{(message.Manifest.Length > 0 ? message.Manifest : "(no manifest)")} (serializer {message.SerializerId})";
        if (!ActorPath.TryParse(envelope.RecipientPath, out var recipient) || !recipient.Address.Equals(local) || !PlainElements(recipient))
        {
            return FirewallVerdict.Drop($"recipient {envelope.RecipientPath}", $"a message {what} for {envelope.RecipientPath}, not an actor of this node");
        }

        var path = "/" + string.Join("/", recipient.Elements);
        if (envelope.SenderPath is { Length: > 0 } senderPath && (!ActorPath.TryParse(senderPath, out var sender) || !sender.Address.Equals(_origin)))
        {
            return FirewallVerdict.Drop($"sender of {what} to {path}", $"a message {what} to {path} whose sender ({senderPath}) is not the peer's own address {_origin}");
        }

        if (envelope.Seq != AkkaPdu.OrdinarySeq)
        {
            return FirewallVerdict.Drop($"sequenced {what} to {path}", $"{what} to {path} with a system-message sequence number: this node takes no system messages");
        }

        var rule = rules.Match(path, message.SerializerId, message.Manifest);
        if (rule is null)
        {
            return FirewallVerdict.Drop($"{what} to {path}", $"{what} to {path}: not a message this peer may send there");
        }

        var passed = rule.Stamp
            ? envelope with { Message = new AkkaPdu.Payload(PeerStamp.Stamp(peer, message.Bytes), message.SerializerId, PeerStamp.Manifest(message.Manifest)) }
            : envelope;
        return FirewallVerdict.Pass(AkkaPdu.WriteFrame(passed));
    }

    /// <summary>Actor names only: no parent (..), no self (.), nothing empty.</summary>
    private static bool PlainElements(ActorPath path) => path.Elements.All(e => e.Length > 0 && e is not (".." or "."));

    private static bool ActorSystemName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool HostName(string host) =>
        host.Length is > 0 and <= 255 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':' or '[' or ']');
}

/// <summary>
/// What to do with one frame: pass it on (<see cref="Frame"/>, written anew, possibly stamped), drop it (the
/// connection stays; <see cref="Key"/> groups refusals so each kind is logged once), or close the connection.
/// </summary>
public readonly record struct FirewallVerdict(FirewallAction Action, byte[]? Frame, string Key, string Reason)
{
    public static FirewallVerdict Pass(byte[] frame) => new(FirewallAction.Pass, frame, "", "");

    public static FirewallVerdict Drop(string key, string reason) => new(FirewallAction.Drop, null, key, reason);

    public static FirewallVerdict Close(string reason) => new(FirewallAction.Close, null, reason, reason);

    /// <summary>Nothing for this node, and nothing wrong either: dropped without a word.</summary>
    public static FirewallVerdict Ignore { get; } = new(FirewallAction.Ignore, null, "", "");
}

public enum FirewallAction
{
    Pass,
    Drop,
    Close,
    Ignore,
}
