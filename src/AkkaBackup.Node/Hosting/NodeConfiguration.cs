using System.Reflection;
using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

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
}
