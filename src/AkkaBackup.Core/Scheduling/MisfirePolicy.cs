namespace AkkaBackup.Core.Scheduling;

/// <summary>What happens to firings missed while the node was down or the instance was busy.</summary>
public enum MisfirePolicy
{
    /// <summary>Any number of missed firings becomes one run, started as soon as possible.</summary>
    RunOnce,

    /// <summary>Missed firings are dropped; the schedule waits for its next firing.</summary>
    Skip,
}
