using System.CommandLine;
using AkkaBackup.Core.Cli;

namespace AkkaBackup.Node.Cli;

/// <summary>The <c>--config</c> option of the commands that run as (or read the settings of) a node.</summary>
public static class NodeOptions
{
    public static Option<string> ClientConfig() =>
        CliOptions.Value("--config", "client.hocon", "The client node's configuration file (HOCON; see hocon/client.hocon).", required: true);

    public static Option<string> ReceiverConfig() =>
        CliOptions.Value("--config", "receiver.hocon", "The receiver node's configuration file (HOCON; see hocon/receiver.hocon).", required: true);
}
