using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Core.Security;

/// <summary>
/// Decides whether a TLS peer may talk to us: its chain must end at our private CA (not the system's
/// roots), it must be within its validity period, and its CN must be one of the allowed names.
/// </summary>
public sealed class PeerCertificateValidator(X509Certificate2 trustedCa, IReadOnlyCollection<string>? allowedPeerNames)
{
    public bool Validate(X509Certificate? certificate, out string reason)
    {
        if (certificate is null)
        {
            reason = "the peer presented no certificate";
            return false;
        }

        using var peer = certificate as X509Certificate2 is { } c2 ? X509CertificateLoader.LoadCertificate(c2.RawData) : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var name = peer.GetNameInfo(X509NameType.SimpleName, false);
        var now = DateTime.Now;
        if (now < peer.NotBefore || now > peer.NotAfter)
        {
            reason = $"certificate CN={name} is not valid now (valid {peer.NotBefore:u} to {peer.NotAfter:u})";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(peer))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0));
            reason = $"certificate CN={name} is not signed by the trusted CA {trustedCa.Subject}: {status}";
            return false;
        }

        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(trustedCa.RawDataMemory.Span))
        {
            reason = $"certificate CN={name} chains to {root.Subject}, not to the trusted CA";
            return false;
        }

        if (allowedPeerNames is not null && !allowedPeerNames.Contains(name, StringComparer.Ordinal))
        {
            reason = $"certificate CN={name} is not one of the allowed peers ({string.Join(", ", allowedPeerNames)})";
            return false;
        }

        reason = "";
        return true;
    }

    public string? PeerName(X509Certificate? certificate) =>
        certificate is null ? null : new X509Certificate2(certificate).GetNameInfo(X509NameType.SimpleName, false);
}
