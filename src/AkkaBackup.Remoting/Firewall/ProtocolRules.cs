using AkkaBackup.Protocol.Serialization;

namespace AkkaBackup.Remoting.Firewall;

/// <summary>
/// The four conversations AkkaBackup has over Akka.Remote, as firewall rules: a client's requests to a receiver's
/// gateway and the receiver's answers to the client's waiting asks; a console's requests to a node's console
/// endpoint and the node's answers to the console's session. Requests are stamped with the sender's certificate
/// name; answers to a client's asks are not (the client asked that receiver, and only it).
/// </summary>
public static class ProtocolRules
{
    /// <summary>On a receiver, from an allowed client.</summary>
    public static readonly PeerRules ClientRequests = new([
        new MessageRule("/user/receiver", false, ProtocolSerializer.SerializerId, ProtocolSerializer.Requests, Stamp: true),
    ]);

    /// <summary>On a client node, from the receiver it dialled: answers to its asks (temporary actors).</summary>
    public static readonly PeerRules ReceiverAnswers = new([
        new MessageRule("/temp/", true, ProtocolSerializer.SerializerId, ProtocolSerializer.Answers, Stamp: false),
    ]);

    /// <summary>On a node, from an allowed console.</summary>
    public static readonly PeerRules ConsoleRequests = new([
        new MessageRule("/user/console", false, ConsoleSerializer.SerializerId, ConsoleSerializer.Requests, Stamp: true),
    ]);

    /// <summary>On a console, from the node it dialled: to its session actor.</summary>
    public static readonly PeerRules ConsoleAnswers = new([
        new MessageRule("/user/", true, ConsoleSerializer.SerializerId, ConsoleSerializer.Answers, Stamp: true),
    ]);
}
