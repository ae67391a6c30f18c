namespace AkkaBackup.Client.Overdue;

/// <summary>One watched instance at one moment: how long it may go without a successful backup, and whether it has.</summary>
/// <param name="ExpectedInterval">Its <c>overdue-after</c>, or derived from its schedules (<see cref="Derived"/>).</param>
/// <param name="LastSuccess">When its newest successful run ended; null when the run log holds none.</param>
/// <param name="DueBy">The last success (or, without one, when the node began watching) plus the expected interval.</param>
public sealed record InstanceOverdue(string Instance, TimeSpan ExpectedInterval, bool Derived, DateTimeOffset? LastSuccess, DateTimeOffset DueBy, bool Overdue);
