using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Remoting;

/// <summary>
/// The TLS identity a node's or a console's HOCON names for the transport: <c>akkabackup.tls { certificate,
/// certificate-password, ca }</c>, relative paths taken from the configuration file's folder.
/// </summary>
public static class TlsConfig
{
    public static TlsFiles ReadFiles(Config config, string baseDirectory)
    {
        var tls = HoconSection.Of(config, "akkabackup.tls");
        return new TlsFiles(
            Path.GetFullPath(tls.RequiredString("certificate"), baseDirectory),
            tls.String("certificate-password"),
            Path.GetFullPath(tls.RequiredString("ca"), baseDirectory));
    }

    /// <summary>The identity, checked to be <paramref name="nodeName"/>'s own certificate.</summary>
    public static TlsIdentity Load(Config config, string baseDirectory, string nodeName) => NodeTls.Load(ReadFiles(config, baseDirectory), nodeName);
}
