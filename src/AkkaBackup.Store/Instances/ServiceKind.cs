namespace AkkaBackup.Store.Instances;

/// <summary>How the node stops and starts an instance's server.</summary>
public enum ServiceKind
{
    /// <summary><c>systemctl stop|start &lt;service&gt;</c>.</summary>
    Systemd,

    /// <summary>The Windows Service Control Manager.</summary>
    Windows,

    /// <summary>Configured stop and start commands (private servers, tests, custom init systems).</summary>
    Command,
}
