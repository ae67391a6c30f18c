namespace AkkaBackup.Client.Scheduling;

/// <summary>Stops every schedule from firing until <see cref="ResumeSchedules"/>; answered with <see cref="SchedulerState"/>.</summary>
public sealed class PauseSchedules
{
    public static readonly PauseSchedules Instance = new();

    private PauseSchedules()
    {
    }
}

/// <summary>Lets schedules fire again; missed firings follow their misfire policy. Answered with <see cref="SchedulerState"/>.</summary>
public sealed class ResumeSchedules
{
    public static readonly ResumeSchedules Instance = new();

    private ResumeSchedules()
    {
    }
}

public sealed class GetSchedulerState
{
    public static readonly GetSchedulerState Instance = new();

    private GetSchedulerState()
    {
    }
}

public sealed record SchedulerState(bool Paused);
