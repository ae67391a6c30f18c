using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>
/// The receiver's dead man's switch (<c>akkabackup.receiver.overdue</c>): how often it looks, how the expected
/// interval of each client/instance is learned, and the intervals set by hand.
/// </summary>
/// <param name="DefaultAfter">Set: every instance without an entry of its own is overdue after this (no learning).</param>
/// <param name="UntilLearned">The interval of an instance with too few filings to learn from.</param>
/// <param name="LearnFrom">How many of the newest filings the median gap is taken over.</param>
/// <param name="Factor">The learned interval is the median gap times this.</param>
/// <param name="LearnedMinimum">A learned interval is never shorter (a burst of manual backups teaches nothing).</param>
public sealed record OverdueSettings(
    TimeSpan CheckInterval,
    TimeSpan? DefaultAfter,
    TimeSpan UntilLearned,
    int LearnFrom,
    double Factor,
    TimeSpan LearnedMinimum,
    IReadOnlyDictionary<InstanceKey, InstanceOverdue> Instances);

/// <summary>One instance's entry: its own interval (null: the default), or not watched at all.</summary>
public sealed record InstanceOverdue(TimeSpan? After, bool Watch);
