namespace AkkaBackup.Client.Runs;

public enum RunPhase
{
    Preflight,
    StoppingServer,
    Archiving,
    Transferring,
    StartingServer,
    Verifying,
    Cleaning,
    Done,
    Failed,
}
