namespace AkkaBackup.Store.Instances;

/// <summary>How the node stops and starts an instance's server. Stored and configured by name (<c>systemd</c>, <c>windows</c>, <c>command</c>).</summary>
public enum ServiceKind
{
    /// <summary><c>systemctl stop|start &lt;service&gt;</c>.</summary>
    Systemd,

    /// <summary>The Windows Service Control Manager (through <c>sc.exe</c>).</summary>
    Windows,

    /// <summary>Configured stop and start commands (private servers, tests, custom init systems).</summary>
    Command,
}
