using Akka.Actor.Setup;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Remoting;

/// <summary>
/// What <see cref="TlsTransport"/> needs that HOCON cannot carry: the node's certificate and CA, the policy of
/// who may connect and send what, and a place to report why connections failed. Passed with the actor system's
/// setup (<c>BootstrapSetup.And</c>, or Akka.Hosting's <c>AddSetup</c>).
/// </summary>
public sealed class TlsTransportSetup(TlsIdentity identity, RemotingPolicy policy) : Setup
{
    public TlsIdentity Identity { get; } = identity;

    public RemotingPolicy Policy { get; } = policy;

    /// <summary>Why the last connections to each address failed, for messages that name the cause.</summary>
    public ConnectionFailures Failures { get; } = new();
}
