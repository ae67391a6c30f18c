namespace AkkaBackup.Core.Security;

/// <summary>
/// Published on the node's event stream when a connection is turned away before it was let in (its certificate, its
/// handshake, a limit): a receiver's fleet catalog records it. <paramref name="Address"/> is the remote IP address.
/// </summary>
public sealed record PeerRefused(string Address, string Reason, DateTimeOffset At);
