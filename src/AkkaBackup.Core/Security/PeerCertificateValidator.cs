using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Core.Security;

/// <summary>
/// Decides whether a TLS peer may talk to us. The platform's own verdict is not used: it trusts the
/// system's roots and checks host names, while our peers are identified by certificates from one private
/// CA and by their CN. A peer is accepted when its certificate is within its validity period, is not a CA,
/// chains to exactly our CA, and its CN is one of <c>allowedPeerNames</c> (any CN when that is null).
/// </summary>
public sealed class PeerCertificateValidator
{
    private const string CommonNameOid = "2.5.4.3";

    private readonly X509Certificate2 _trustedCa;
    private readonly string _trustedCaThumbprint;
    private readonly Func<string, bool> _isAllowed;
    private readonly Func<string> _describeAllowed;

    public PeerCertificateValidator(X509Certificate2 trustedCa, IReadOnlyCollection<string>? allowedPeerNames)
        : this(trustedCa,
            name => allowedPeerNames is null || allowedPeerNames.Contains(name, StringComparer.Ordinal),
            () => string.Join(", ", allowedPeerNames ?? []))
    {
    }

    /// <summary>Accepts a CN when <paramref name="isAllowed"/> says so at the moment of the handshake.</summary>
    /// <param name="describeAllowed">Names what is allowed, for the refusal message.</param>
    public PeerCertificateValidator(X509Certificate2 trustedCa, Func<string, bool> isAllowed, Func<string> describeAllowed)
    {
        _trustedCa = trustedCa;
        _trustedCaThumbprint = trustedCa.GetCertHashString(HashAlgorithmName.SHA256);
        _isAllowed = isAllowed;
        _describeAllowed = describeAllowed;
    }

    /// <summary>True when the peer is accepted; otherwise <paramref name="reason"/> says what failed.</summary>
    public bool Validate(X509Certificate? certificate, out string reason)
    {
        reason = Refusal(certificate) ?? "";
        return reason.Length == 0;
    }

    /// <summary>The certificate's CN, or null when there is no certificate or not exactly one CN.</summary>
    public string? PeerName(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return CommonName(copy.SubjectName);
    }

    private string? Refusal(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return "the peer presented no certificate";
        }

        // A copy we own: the caller's instance may be disposed by SslStream or DotNetty.
        using var peer = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var name = CommonName(peer.SubjectName);
        if (name is null)
        {
            return $"certificate '{peer.Subject}' does not have exactly one CN";
        }

        var now = DateTime.Now;
        if (now < peer.NotBefore || now > peer.NotAfter)
        {
            return $"certificate CN={name} is not valid now (valid from {peer.NotBefore.ToUniversalTime():u} to {peer.NotAfter.ToUniversalTime():u})";
        }

        if (peer.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
        {
            return $"certificate CN={name} is a CA certificate, not a node certificate";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!chain.Build(peer))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0));
            return $"certificate CN={name} (issuer {peer.Issuer}) is not signed by the trusted CA {_trustedCa.Subject}: {status}";
        }

        var root = chain.ChainElements[^1].Certificate;
        if (root.GetCertHashString(HashAlgorithmName.SHA256) != _trustedCaThumbprint)
        {
            return $"certificate CN={name} chains to {root.Subject}, not to the trusted CA";
        }

        if (!_isAllowed(name))
        {
            return $"certificate CN={name} is not one of the allowed peers ({_describeAllowed()})";
        }

        return null;
    }

    /// <summary>
    /// The single CN attribute of a subject. Unlike the platform's "simple name" this never falls back to
    /// another attribute (O, OU, e-mail), which would let a certificate without a CN pose as a node.
    /// </summary>
    private static string? CommonName(X500DistinguishedName subject)
    {
        var names = subject.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
            .Select(rdn => rdn.GetSingleElementValue())
            .ToList();
        return names.Count == 1 ? names[0] : null;
    }
}
