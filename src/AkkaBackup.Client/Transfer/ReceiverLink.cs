using Akka.Actor;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Remoting;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// The way to one receiver: its gateway (<c>/user/receiver</c>) by direct actor path over Akka.Remote, and the
/// certificate check for its data plane. Requests carry no client name; the receiver reads it from this node's
/// certificate. A request that gets no answer fails naming why the last connection attempt failed, when one did.
/// </summary>
public sealed class ReceiverLink(IActorRef gateway, TargetSettings target, TlsIdentity tls, ConnectionFailures failures)
{
    public TargetSettings Target { get; } = target;

    /// <summary>The data plane accepts only the receiver the target names.</summary>
    public PeerCertificateValidator DataPlaneValidator { get; } = new(tls.TrustedCa, [target.ExpectedName]);

    public async Task<T> AskAsync<T>(IProtocolMessage request, TimeSpan timeout, CancellationToken ct = default)
    {
        var asked = DateTimeOffset.UtcNow;
        try
        {
            return await gateway.Ask<T>(request, timeout, ct);
        }
        catch (AskTimeoutException)
        {
            throw new ReceiverUnreachableException(Unanswered(timeout, asked));
        }
    }

    private string Unanswered(TimeSpan timeout, DateTimeOffset since)
    {
        var why = failures.Since(Target.Host, Target.Port, since.AddSeconds(-5));
        return $"receiver {Target.ExpectedName} at {Target.Host}:{Target.Port} did not answer within {timeout.TotalSeconds:0} s" +
            (why is null ? " (down, unreachable, or the TLS handshake was refused: check both nodes' logs and certificates)" : $": {why}");
    }
}

/// <summary>The receiver did not answer a request; the message says what is known about why.</summary>
public sealed class ReceiverUnreachableException(string message) : Exception(message);
