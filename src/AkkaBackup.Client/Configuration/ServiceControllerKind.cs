namespace AkkaBackup.Client.Configuration;

public enum ServiceControllerKind
{
    /// <summary>Configured shell commands stop and start the server (private servers, tests, custom init systems).</summary>
    Command,

    /// <summary><c>systemctl stop|start &lt;service&gt;</c>.</summary>
    Systemd,

    /// <summary>The Windows Service Control Manager (through <c>sc.exe</c>).</summary>
    Windows,
}
