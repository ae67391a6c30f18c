namespace AkkaBackup.Core.Scheduling;

/// <summary>A schedule with what the node has done about it.</summary>
/// <param name="LastFired">When a run was last started from it; for display.</param>
/// <param name="SettledUntil">
/// Firings at or before this time are dealt with: fired, skipped, or from before the schedule was saved or
/// enabled. Only later firings can be due, which is how a restarted node tells missed firings from old ones.
/// </param>
public sealed record ScheduleEntry(BackupSchedule Schedule, DateTimeOffset? LastFired, DateTimeOffset SettledUntil);
