namespace AkkaBackup.Store.RunLog;

public enum RunStatus
{
    /// <summary>Recorded when the run starts, so a crash leaves a trace; not counted in summaries, never pruned.</summary>
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The run was asked for and not started (e.g. its instance has a pending transfer the receiver cannot take yet); the error says why.</summary>
    Refused,

    /// <summary>A scheduled firing that was not run (missed while the node was down or paused, with misfire = skip); the error says which.</summary>
    Skipped,
}
