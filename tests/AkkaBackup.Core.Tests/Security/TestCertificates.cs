using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Core.Tests.Security;

/// <summary>
/// Certificate files written once per test class by <see cref="CertificateAuthority.WriteFiles"/>: our CA
/// with a receiver and two clients, a foreign CA with the SAME name (a name is not an identity), and an
/// expired client-1 certificate issued by our CA.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string Password = "pfx-pass";
    public const string CaName = "Test CA";

    public TestCertificates()
    {
        CertificateAuthority.WriteFiles(Path.Combine(Root, "ours"), CaName, ["receiver", "client-1", "client-2"], Password);
        CertificateAuthority.WriteFiles(Path.Combine(Root, "theirs"), CaName, ["client-1"], Password);

        using var ca = CertificateAuthority.LoadPfx(Path.Combine(Root, "ours", "ca.pfx"), Password);
        // The CA is minutes old and a certificate cannot predate its issuer: expired one minute ago.
        using var expired = CertificateAuthority.IssueNode(ca, "client-1", [], new DateTimeOffset(ca.NotBefore), DateTimeOffset.UtcNow.AddMinutes(-1));
        Directory.CreateDirectory(Path.Combine(Root, "expired"));
        File.WriteAllBytes(Path.Combine(Root, "expired", "client-1.pfx"), expired.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, Password));
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("akkabackup-tls-").FullName;

    public string OurCaCrt => Path.Combine(Root, "ours", "ca.crt");

    /// <summary>A node identity from the PFX files; every identity trusts our CA.</summary>
    public TlsIdentity Identity(string set, string node) => new(
        CertificateAuthority.LoadPfx(Path.Combine(Root, set, node + ".pfx"), Password),
        CertificateAuthority.LoadCaCertificate(OurCaCrt));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
