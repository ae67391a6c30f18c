using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Core.Security;

/// <summary>
/// Mutual TLS for our own data-plane connections, with the same peer rules as Akka.Remote. A failed
/// handshake always surfaces as an <see cref="AuthenticationException"/>; when we refused the peer its
/// message carries the validator's reason.
/// </summary>
public static class TlsStreams
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static Task<(SslStream Stream, string PeerName)> AuthenticateAsServerAsync(
        Stream inner, TlsIdentity identity, PeerCertificateValidator validator, CancellationToken ct) =>
        AuthenticateAsync(inner, validator, "client", (ssl, check) => ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = CertificateContext(identity),
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = check,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        }, ct));

    public static Task<(SslStream Stream, string PeerName)> AuthenticateAsClientAsync(
        Stream inner, string targetHost, TlsIdentity identity, PeerCertificateValidator validator, CancellationToken ct) =>
        AuthenticateAsync(inner, validator, "server", (ssl, check) => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            // Only sent as SNI: the receiver is identified by its CN, not by the host name we dialled.
            TargetHost = targetHost,
            ClientCertificateContext = CertificateContext(identity),
            RemoteCertificateValidationCallback = check,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        }, ct));

    private static async Task<(SslStream Stream, string PeerName)> AuthenticateAsync(
        Stream inner, PeerCertificateValidator validator, string peerRole, Func<SslStream, RemoteCertificateValidationCallback, Task> handshake)
    {
        string? refusal = null;
        bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            // Chain and name errors are the platform's view (system roots, host names) and are ignored:
            // the validator rebuilds the chain against our CA and checks the CN itself.
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                refusal = "the peer presented no certificate";
                return false;
            }

            if (validator.Validate(certificate, out var reason))
            {
                return true;
            }

            refusal = reason;
            return false;
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await handshake(ssl, Check);
            return (ssl, validator.PeerName(ssl.RemoteCertificate) ?? throw new AuthenticationException($"the TLS {peerRole} has no CN"));
        }
        catch (Exception e)
        {
            await ssl.DisposeAsync();
            if (e is AuthenticationException or IOException)
            {
                throw new AuthenticationException(
                    refusal is not null ? $"refused the TLS {peerRole}: {refusal}" : $"TLS handshake with the {peerRole} failed: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>Our certificate plus the CA, so the peer receives the whole chain.</summary>
    private static SslStreamCertificateContext CertificateContext(TlsIdentity identity) =>
        SslStreamCertificateContext.Create(identity.Certificate, [identity.TrustedCa], offline: true);
}
