using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Security;

namespace AkkaBackup.TestSupport.Alerts;

/// <summary>A private CA and a relay certificate it issued (valid for 127.0.0.1), made once per test class.</summary>
public sealed class MailRelayCertificates : IDisposable
{
    public MailRelayCertificates()
    {
        using var ca = CertificateAuthority.CreateCa("Test Mail CA");
        Relay = CertificateAuthority.IssueNode(ca, "mail-relay", []);
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        using var stranger = CertificateAuthority.CreateCa("Some Other CA");
        File.WriteAllText(OtherCaFile, stranger.ExportCertificatePem());
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("akkabackup-mail-").FullName;

    public X509Certificate2 Relay { get; }

    public string CaFile => Path.Combine(Root, "mail-ca.crt");

    public string OtherCaFile => Path.Combine(Root, "other-ca.crt");

    public void Dispose()
    {
        Relay.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
