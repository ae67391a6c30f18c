namespace AkkaBackup.Core.Scheduling;

public enum ScheduleVerdict
{
    /// <summary>The firing came due within the misfire threshold: run now.</summary>
    FireOnTime,

    /// <summary>Firings were missed and the policy is run-once: one run now stands for all of them.</summary>
    FireMissed,

    /// <summary>Firings were missed and the policy is skip: no run; record the skip so it is not reconsidered.</summary>
    SkipMissed,

    /// <summary>The stored cron expression or time zone no longer parses (e.g. the zone left the tz database).</summary>
    Broken,
}
