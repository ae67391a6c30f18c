using System.Reflection;
using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Node.Hosting;

/// <summary>Loads a node's HOCON file over the embedded reference configuration, once.</summary>
public static class NodeConfiguration
{
    public static Config Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"--config '{path}': file not found");
        }

        Config own;
        try
        {
            own = ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new ConfigurationException($"--config '{path}' is not valid HOCON: {e.Message}");
        }

        return own.WithFallback(Reference());
    }

    public static Config Reference()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("reference.hocon")
            ?? throw new InvalidOperationException("reference.hocon is not embedded in this build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    public static TlsFiles ReadTls(Config config, string baseDirectory)
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
}
