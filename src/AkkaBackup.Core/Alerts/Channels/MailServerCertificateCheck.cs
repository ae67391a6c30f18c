using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// Accepts what the platform accepts; with a configured CA, also a certificate that chains to that CA.
/// The host name is always checked: a private CA does not excuse a certificate for another host.
/// </summary>
internal sealed class MailServerCertificateCheck(X509Certificate2? trustedCa)
{
    public bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (trustedCa is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        // A copy we own: the caller's instance may be disposed once the handshake ends.
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var ours = new X509Chain();
        ours.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ours.ChainPolicy.CustomTrustStore.Add(trustedCa);

        // A private CA publishes no revocation list; downloads would only stall the handshake.
        ours.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        ours.ChainPolicy.DisableCertificateDownloads = true;
        return ours.Build(server);
    }
}
