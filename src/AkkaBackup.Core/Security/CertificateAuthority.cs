using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Security;

/// <summary>
/// A private CA and node certificates for mutual TLS. A node's identity is its certificate's CN. All keys
/// are RSA because Akka.Remote's DotNetty transport handles RSA on every platform.
/// </summary>
public static class CertificateAuthority
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateCa(string commonName, int years = 10)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        using var key = RSA.Create(3072);
        var request = new CertificateRequest(Subject(commonName), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // Path length 0: the CA signs node certificates only, never another CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(years));
    }

    public static X509Certificate2 IssueNode(X509Certificate2 ca, string nodeName, IEnumerable<string> extraDnsNames, int years = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        var now = DateTimeOffset.UtcNow;

        // Backdated a little so that a peer whose clock is slightly behind accepts a fresh certificate.
        return IssueNode(ca, nodeName, extraDnsNames, now.AddMinutes(-5), now.AddYears(years));
    }

    /// <summary>
    /// Issues a node certificate for an explicit validity period (tests issue expired ones). The period is
    /// clipped to the CA's own, because a certificate cannot outlive its issuer.
    /// </summary>
    public static X509Certificate2 IssueNode(X509Certificate2 ca, string nodeName, IEnumerable<string> extraDnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (!ca.HasPrivateKey)
        {
            throw new ArgumentException($"the CA certificate {ca.Subject} has no private key, so it cannot issue certificates", nameof(ca));
        }

        NodeNames.Require(nodeName, "node name");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(Subject(nodeName), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));

        // Both: every node is a TLS server to some peers and a TLS client to others.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        request.CertificateExtensions.Add(SubjectAlternativeNames(nodeName, extraDnsNames));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var from = notBefore < ca.NotBefore ? new DateTimeOffset(ca.NotBefore) : notBefore;
        var until = notAfter > ca.NotAfter ? new DateTimeOffset(ca.NotAfter) : notAfter;
        using var issued = request.Create(ca, from, until, SerialNumber());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Writes one &lt;node&gt;.pfx per node (the node's key, its certificate and the CA certificate) signed by
    /// the CA in <paramref name="directory"/>; when there is none yet, first creates it: ca.crt (public) and
    /// ca.pfx (the CA key, to issue more nodes later). An existing CA is always reused, so nodes can be
    /// added at any time. PFX files are encrypted with <paramref name="password"/> and readable by the
    /// owner only. An existing node file is never replaced unless <paramref name="overwrite"/> is set
    /// (it is then re-issued by the same CA). Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteFiles(string directory, string caName, IReadOnlyList<string> nodeNames, string password, bool overwrite = false)
    {
        RequireDistinctNodeNames(nodeNames);
        if (string.IsNullOrEmpty(password))
        {
            throw new ConfigurationException("a PFX password is required");
        }

        var caCrt = Path.Combine(directory, "ca.crt");
        var caPfx = Path.Combine(directory, "ca.pfx");
        var nodeFiles = nodeNames.Select(n => Path.Combine(directory, n + ".pfx")).ToList();
        if (!overwrite && nodeFiles.FirstOrDefault(File.Exists) is { } existing)
        {
            throw new ConfigurationException($"{existing} already exists; refusing to overwrite it (use --overwrite to re-issue it)");
        }

        if (File.Exists(caCrt) != File.Exists(caPfx))
        {
            throw new ConfigurationException($"{directory} holds only one of ca.crt and ca.pfx: cannot issue certificates from this CA (restore the missing file, or use an empty directory for a new CA)");
        }

        Directory.CreateDirectory(directory);
        List<string> written = [];
        using var ca = File.Exists(caPfx) ? LoadExistingCa(caPfx, caCrt, password) : CreateAndWriteCa(caName, caCrt, caPfx, password, written);
        using var caPublic = X509CertificateLoader.LoadCertificate(ca.RawData);
        for (var i = 0; i < nodeNames.Count; i++)
        {
            using var node = IssueNode(ca, nodeNames[i], []);
            var chain = new X509Certificate2Collection { node, caPublic };
            WritePrivateFile(nodeFiles[i], chain.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
            written.Add(nodeFiles[i]);
        }

        return written;
    }

    private static X509Certificate2 CreateAndWriteCa(string caName, string caCrt, string caPfx, string password, List<string> written)
    {
        var ca = CreateCa(caName);
        File.WriteAllText(caCrt, ca.ExportCertificatePem() + "\n");
        WritePrivateFile(caPfx, ca.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        written.Add(caCrt);
        written.Add(caPfx);
        return ca;
    }

    private static X509Certificate2 LoadExistingCa(string caPfx, string caCrt, string password)
    {
        var ca = LoadPfx(caPfx, password);
        using var published = LoadCaCertificate(caCrt);
        if (ca.Thumbprint != published.Thumbprint)
        {
            ca.Dispose();
            throw new ConfigurationException($"{caPfx} and {caCrt} are different CAs: refusing to issue certificates the nodes would not trust");
        }

        return ca;
    }

    /// <summary>
    /// Loads a node's PFX for TLS. Default key storage: an ephemeral key set breaks SslStream server use on
    /// Windows, and nothing here needs to export the key again.
    /// </summary>
    public static X509Certificate2 LoadPfx(string path, string password)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"certificate '{path}' not found");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"certificate '{path}' cannot be opened (wrong password or not a PKCS#12 file?): {e.Message}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ConfigurationException($"certificate '{path}' holds no private key");
        }

        return certificate;
    }

    /// <summary>Loads the CA certificate a node trusts, PEM or DER.</summary>
    public static X509Certificate2 LoadCaCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"CA certificate '{path}' not found");
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"CA certificate '{path}' cannot be read (expected a PEM or DER certificate): {e.Message}");
        }
    }

    private static void RequireDistinctNodeNames(IReadOnlyList<string> nodeNames)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in nodeNames)
        {
            NodeNames.Require(name, "--node");

            // Compared ignoring case because the names become file names, and some file systems ignore case.
            if (string.Equals(name, "ca", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationException($"--node = '{name}' is reserved: its file would replace the CA's ca.pfx");
            }

            if (!seen.Add(name))
            {
                throw new ConfigurationException($"--node = '{name}' is given more than once");
            }
        }
    }

    private static X500DistinguishedName Subject(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private static X509Extension SubjectAlternativeNames(string nodeName, IEnumerable<string> extraDnsNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in new[] { nodeName, "localhost" }.Concat(extraDnsNames).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dns);
        }

        names.AddIpAddress(IPAddress.Loopback);
        return names.Build();
    }

    /// <summary>128 random bits; top bit clear so the DER INTEGER is positive (RFC 5280), first byte non-zero so it keeps 16 bytes.</summary>
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>
    /// Writes a secret to a new file that is mode 0600 before the first byte goes in, so it is never readable
    /// by others, even briefly (an overwritten file is deleted first rather than keeping its old mode).
    /// </summary>
    private static void WritePrivateFile(string path, byte[] bytes)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ownerOnly;
        }

        using var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // The create mode is filtered through the umask; set it exactly.
            File.SetUnixFileMode(file.SafeFileHandle, ownerOnly);
        }

        file.Write(bytes);
    }
}
