using AkkaBackup.Core.Security;

namespace AkkaBackup.Remoting.Tests;

/// <summary>Certificate files written once per test class: our CA with a receiver, two clients and a console; a foreign CA's client-1.</summary>
public sealed class RemotingCertificates : IDisposable
{
    public const string Password = "pfx-pass";

    public RemotingCertificates()
    {
        CertificateAuthority.WriteFiles(Path.Combine(Root, "ours"), "Test CA", ["receiver", "client-1", "client-2", "console"], Password);
        CertificateAuthority.WriteFiles(Path.Combine(Root, "theirs"), "Test CA", ["client-1"], Password);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("akkabackup-remoting-").FullName;

    /// <summary>A node identity from the PFX files; every identity trusts our CA.</summary>
    public TlsIdentity Identity(string node, string set = "ours") => new(
        CertificateAuthority.LoadPfx(Path.Combine(Root, set, node + ".pfx"), Password),
        CertificateAuthority.LoadCaCertificate(Path.Combine(Root, "ours", "ca.crt")));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
