namespace AkkaBackup.Store.RunLog;

public enum RunStatus
{
    /// <summary>Recorded when the run starts, so a crash leaves a trace; not counted in summaries, never pruned.</summary>
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
