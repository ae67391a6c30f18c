namespace AkkaBackup.Core.Scheduling;

/// <summary>Turns fire decisions into runs without ever putting two runs on one instance.</summary>
public static class DueRuns
{
    /// <summary>
    /// One run per instance that is not already running, standing for all of that instance's firing
    /// schedules (record each of them as fired). Firings of a running instance are left out and must not be
    /// recorded: once the run ends they count as missed, and their misfire policy decides.
    /// </summary>
    public static IReadOnlyList<DueRun> Select(IEnumerable<ScheduleDecision> decisions, IReadOnlySet<string> runningInstances) =>
        decisions
            .Where(d => d.Fires && !runningInstances.Contains(d.Entry.Schedule.Instance))
            .GroupBy(d => d.Entry.Schedule.Instance, StringComparer.Ordinal)
            .Select(g => new DueRun(g.Key, g.ToList()))
            .ToList();
}
