namespace AkkaBackup.Core.Scheduling;

/// <summary>One run to start for an instance, standing for every schedule of that instance that fired.</summary>
public sealed record DueRun(string Instance, IReadOnlyList<ScheduleDecision> Firings);
