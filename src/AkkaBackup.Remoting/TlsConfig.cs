using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Remoting;

/// <summary>
/// The TLS identity a node's or a console's HOCON names for the transport: <c>akkabackup.tls { certificate,
/// certificate-password, ca }</c>, relative paths taken from the configuration file's folder.
/// </summary>
public static class TlsConfig
{
    public static TlsFiles ReadFiles(Config config, string baseDirectory)
    {
        string Required(string key)
        {
            var value = config.GetString($"akkabackup.tls.{key}", "");
            return string.IsNullOrWhiteSpace(value) ? throw new ConfigurationException($"akkabackup.tls.{key} is required") : value;
        }

        return new TlsFiles(
            Path.GetFullPath(Required("certificate"), baseDirectory),
            config.GetString("akkabackup.tls.certificate-password", ""),
            Path.GetFullPath(Required("ca"), baseDirectory));
    }

    /// <summary>The identity, checked to be <paramref name="nodeName"/>'s own certificate.</summary>
    public static TlsIdentity Load(Config config, string baseDirectory, string nodeName) => NodeTls.Load(ReadFiles(config, baseDirectory), nodeName);
}
