using Akka.Remote.Transport.DotNetty;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Node.Hosting;

/// <summary>Loads a node's TLS identity once and builds the Akka.Remote setup that enforces mutual TLS with our own peer check.</summary>
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

    /// <summary>
    /// Akka.Remote's TLS with mutual authentication; the chain is checked against our private CA and the
    /// peer's CN against the allowed names, so a certificate from any other CA, or none, is refused.
    /// </summary>
    public static DotNettySslSetup AkkaSetup(TlsIdentity identity, PeerCertificateValidator validator, Serilog.ILogger log) =>
        new(identity.Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false,
            customValidator: (certificate, _, remotePeer, _, _) =>
            {
                if (validator.Validate(certificate, out var reason))
                {
                    return true;
                }

                log.Warning("Refused TLS peer {Peer}: {Reason}", remotePeer, reason);
                return false;
            });

    public const string RemoteTlsHocon = "akka.remote.dot-netty.tcp.enable-ssl = on";
}
