using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Core.Security;

/// <summary>Mutual TLS on the data plane with the same peer rules as Akka.Remote.</summary>
public static class TlsStreams
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static async Task<(SslStream Stream, string PeerName)> AuthenticateAsServerAsync(
        Stream inner, TlsIdentity identity, PeerCertificateValidator validator, CancellationToken ct)
    {
        var refusal = "";
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, certificate, _, _) => Check(validator, certificate, ref refusal));
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(identity.Certificate, [identity.TrustedCa], offline: true),
                ClientCertificateRequired = true,
                EnabledSslProtocols = Protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, ct);
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync();
            throw new AuthenticationException(refusal.Length > 0 ? $"refused TLS client: {refusal}" : $"TLS handshake failed: {e.Message}", e);
        }

        return (ssl, validator.PeerName(ssl.RemoteCertificate) ?? "");
    }

    public static async Task<(SslStream Stream, string PeerName)> AuthenticateAsClientAsync(
        Stream inner, string targetHost, TlsIdentity identity, PeerCertificateValidator validator, CancellationToken ct)
    {
        var refusal = "";
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, certificate, _, _) => Check(validator, certificate, ref refusal));
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                ClientCertificateContext = SslStreamCertificateContext.Create(identity.Certificate, [identity.TrustedCa], offline: true),
                EnabledSslProtocols = Protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, ct);
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync();
            throw new AuthenticationException(refusal.Length > 0 ? $"refused TLS server: {refusal}" : $"TLS handshake failed: {e.Message}", e);
        }

        return (ssl, validator.PeerName(ssl.RemoteCertificate) ?? "");
    }

    private static bool Check(PeerCertificateValidator validator, X509Certificate? certificate, ref string refusal)
    {
        if (validator.Validate(certificate, out var reason))
        {
            return true;
        }

        refusal = reason;
        return false;
    }
}
