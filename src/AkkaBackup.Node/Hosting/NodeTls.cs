using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Node.Hosting;

/// <summary>Loads a node's TLS identity once and checks that its certificate is the node's own.</summary>
public static class NodeTls
{
    public static TlsIdentity Load(TlsFiles files, string nodeName)
    {
        TlsIdentity identity;
        try
        {
            identity = new TlsIdentity(
                CertificateAuthority.LoadPfx(files.CertificatePath, files.CertificatePassword),
                CertificateAuthority.LoadCaCertificate(files.CaPath));
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new ConfigurationException($"akkabackup.tls: {e.Message}");
        }

        var ownName = new PeerCertificateValidator(identity.TrustedCa, null).PeerName(identity.Certificate);
        if (ownName != nodeName)
        {
            throw new ConfigurationException($"akkabackup.node-name = '{nodeName}' but the certificate {files.CertificatePath} is for CN={ownName}");
        }

        return identity;
    }
}
