using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Overdue;

/// <summary>What the dead man's switch does about one instance at one check.</summary>
public enum OverdueStep
{
    Nothing,

    /// <summary>A new overdue episode: alert once, remember the episode.</summary>
    RaiseOverdue,

    /// <summary>A filing arrived during an episode: an info alert, the episode ends.</summary>
    RaiseRecovered,

    /// <summary>The episode ends without a filing (the instance was silenced or its interval raised): no alert.</summary>
    Clear,
}

/// <summary>
/// The once-per-episode rule. An episode is named by the last filing before it (<see cref="WatchedInstance.OverdueFor"/>),
/// so it is alerted once however many checks see it overdue, and survives a restart of the receiver.
/// </summary>
public static class OverdueSteps
{
    public static OverdueStep Decide(WatchedInstance instance, ExpectedInterval expected, DateTimeOffset now)
    {
        if (instance.OverdueFor is { } episode)
        {
            if (instance.LastFiled > episode)
            {
                return OverdueStep.RaiseRecovered;
            }

            return IsOverdue(instance, expected, now) ? OverdueStep.Nothing : OverdueStep.Clear;
        }

        return IsOverdue(instance, expected, now) ? OverdueStep.RaiseOverdue : OverdueStep.Nothing;
    }

    public static bool IsOverdue(WatchedInstance instance, ExpectedInterval expected, DateTimeOffset now) =>
        expected.After is { } after && now - instance.LastFiled > after;
}
