using Akka.Actor;

namespace AkkaBackup.Node.Hosting;

/// <summary>Why the node is shutting down, in words an operator can act on.</summary>
public static class ShutdownReasons
{
    public static string Describe(CoordinatedShutdown.Reason? reason) => reason switch
    {
        // Akka.Remote's TlsHandshakeFailureReason is internal: matched by name.
        { } r when r.GetType().Name == "TlsHandshakeFailureReason" =>
            "the node is shutting down because a TLS handshake with the receiver failed: the receiver refused this node's certificate " +
            "(not signed by its CA, or its CN is not in allowed-clients), or the receiver's certificate is not trusted here",
        CoordinatedShutdown.ClrExitReason => "the node is shutting down because the process is exiting (SIGTERM or Ctrl+C)",
        null => "the node is shutting down",
        _ => $"the node is shutting down ({reason.GetType().Name})",
    };
}
