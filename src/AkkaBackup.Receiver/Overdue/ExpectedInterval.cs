using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Overdue;

/// <summary>Where an instance's expected interval comes from.</summary>
public enum IntervalSource
{
    /// <summary>The median gap between its newest filings, times the factor.</summary>
    Learned,

    /// <summary>Too few filings to learn from: <c>until-learned</c>.</summary>
    UntilLearned,

    /// <summary><c>default-after</c>.</summary>
    Default,

    /// <summary>Its own entry under <c>overdue.instances</c>.</summary>
    Instance,

    /// <summary>Not watched: <c>watch = off</c>.</summary>
    Off,
}

/// <summary>How long an instance may go without a filing before it is overdue; <paramref name="After"/> is null when it is not watched.</summary>
public sealed record ExpectedInterval(TimeSpan? After, IntervalSource Source)
{
    /// <summary>The fewest filings an interval is learned from (two gaps).</summary>
    public const int FilingsToLearn = 3;

    /// <param name="filings">The instance's newest filings, oldest first.</param>
    public static ExpectedInterval For(InstanceKey instance, IReadOnlyList<DateTimeOffset> filings, OverdueSettings settings)
    {
        if (settings.Instances.TryGetValue(instance, out var own))
        {
            if (!own.Watch)
            {
                return new ExpectedInterval(null, IntervalSource.Off);
            }

            if (own.After is { } after)
            {
                return new ExpectedInterval(after, IntervalSource.Instance);
            }
        }

        if (settings.DefaultAfter is { } fixedAfter)
        {
            return new ExpectedInterval(fixedAfter, IntervalSource.Default);
        }

        var recent = filings.Order().TakeLast(settings.LearnFrom).ToList();
        if (recent.Count < FilingsToLearn)
        {
            return new ExpectedInterval(settings.UntilLearned, IntervalSource.UntilLearned);
        }

        var gaps = recent.Zip(recent.Skip(1), (earlier, later) => later - earlier).ToList();
        var learned = TimeSpan.FromTicks((long)(Median(gaps).Ticks * settings.Factor));
        return new ExpectedInterval(learned > settings.LearnedMinimum ? learned : settings.LearnedMinimum, IntervalSource.Learned);
    }

    /// <summary>The middle value; for an even count the mean of the two middle values.</summary>
    public static TimeSpan Median(IReadOnlyCollection<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
