namespace AkkaBackup.Core.Scheduling;

/// <summary>
/// What a schedule wants now. <see cref="Occurrence"/> is the firing concerned: the on-time firing, or the
/// earliest of the missed ones; null when broken.
/// </summary>
public sealed record ScheduleDecision(ScheduleEntry Entry, ScheduleVerdict Verdict, DateTimeOffset? Occurrence, string? Problem = null)
{
    public bool Fires => Verdict is ScheduleVerdict.FireOnTime or ScheduleVerdict.FireMissed;
}
