using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Node.Hosting;

/// <summary>Loads a node's HOCON file over the embedded reference configuration, once, and refuses keys the reference does not know.</summary>
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

        return ReferenceConfiguration.Over(own);
    }
}
