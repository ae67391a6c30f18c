namespace AkkaBackup.Client.Runs;

public enum RunPhase
{
    Preflight,
    StoppingServer,

    /// <summary>Snapshot only: the proven-down data directory is cloned; the server starts once the clone is made.</summary>
    Cloning,
    Archiving,
    Transferring,
    StartingServer,
    Verifying,
    Cleaning,
    Done,
    Failed,
}
