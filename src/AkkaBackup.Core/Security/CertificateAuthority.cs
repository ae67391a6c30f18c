using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Security;

/// <summary>
/// A private CA and node certificates for mutual TLS. A node's identity is its certificate's CN; RSA
/// keys because Akka.Remote's DotNetty transport handles them on every platform.
/// </summary>
public static class CertificateAuthority
{
    public static X509Certificate2 CreateCa(string commonName, int years = 10)
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(years));
    }

    public static X509Certificate2 IssueNode(X509Certificate2 ca, string nodeName, IEnumerable<string> extraDnsNames, int years = 5) =>
        IssueNode(ca, nodeName, extraDnsNames, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(years));

    /// <summary>Issues a node certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (tests use past dates).</summary>
    public static X509Certificate2 IssueNode(X509Certificate2 ca, string nodeName, IEnumerable<string> extraDnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        NodeNames.Require(nodeName, "node name");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={nodeName}"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in new[] { nodeName, "localhost" }.Concat(extraDnsNames).Distinct(StringComparer.Ordinal))
        {
            names.AddDnsName(dns);
        }

        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notAfterCapped = notAfter > ca.NotAfter ? new DateTimeOffset(ca.NotAfter) : notAfter;
        using var issued = request.Create(ca, notBefore, notAfterCapped, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Writes ca.crt (public), ca.pfx (keeps the CA key to issue more nodes) and one &lt;node&gt;.pfx per
    /// node, all PFX files password-protected and mode 0600. Never overwrites unless told to.
    /// </summary>
    public static IReadOnlyList<string> WriteFiles(string directory, string caName, IReadOnlyList<string> nodeNames, string password, bool overwrite = false)
    {
        foreach (var name in nodeNames)
        {
            NodeNames.Require(name, "--node");
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new ConfigurationException("a PFX password is required");
        }

        Directory.CreateDirectory(directory);
        var caCrt = Path.Combine(directory, "ca.crt");
        var caPfx = Path.Combine(directory, "ca.pfx");
        var nodeFiles = nodeNames.Select(n => Path.Combine(directory, n + ".pfx")).ToList();
        if (!overwrite)
        {
            var existing = new[] { caCrt, caPfx }.Concat(nodeFiles).FirstOrDefault(File.Exists);
            if (existing is not null)
            {
                throw new ConfigurationException($"{existing} already exists; refusing to overwrite it (use --overwrite to replace)");
            }
        }

        using var ca = CreateCa(caName);
        File.WriteAllText(caCrt, ca.ExportCertificatePem() + "\n");
        WriteSecret(caPfx, ca.Export(X509ContentType.Pkcs12, password));
        for (var i = 0; i < nodeNames.Count; i++)
        {
            using var node = IssueNode(ca, nodeNames[i], []);
            var collection = new X509Certificate2Collection { node, X509CertificateLoader.LoadCertificate(ca.RawData) };
            WriteSecret(nodeFiles[i], collection.Export(X509ContentType.Pkcs12, password)!);
        }

        return [caCrt, caPfx, .. nodeFiles];
    }

    public static X509Certificate2 LoadPfx(string path, string password)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"certificate '{path}' not found");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
            return certificate.HasPrivateKey
                ? certificate
                : throw new ConfigurationException($"certificate '{path}' has no private key");
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException($"certificate '{path}' cannot be opened (wrong password or not a PKCS#12 file): {e.Message}");
        }
    }

    public static X509Certificate2 LoadCaCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"CA certificate '{path}' not found");
        }

        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException($"CA certificate '{path}' cannot be read: {e.Message}");
        }
    }

    private static void WriteSecret(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Escape(string value) => value.Replace(",", "\\,").Replace("=", "\\=");
}
