namespace AkkaBackup.Protocol.Messages;

/// <summary>Marker for every message that crosses the wire; bound to <see cref="Serialization.ProtocolSerializer"/>.</summary>
public interface IProtocolMessage;
