using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Security;

/// <summary>Loads a node's (or a console's) TLS identity once and checks that its certificate is its own.</summary>
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
