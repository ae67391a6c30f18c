using AkkaBackup.Core.Retention;

namespace AkkaBackup.Receiver.Retention;

/// <summary>What one retention pass found and did. <see cref="Outcomes"/> is empty for a dry run.</summary>
public sealed record RetentionPassResult(RetentionPlan Plan, IReadOnlyList<DeletionOutcome> Outcomes, IReadOnlyList<StoreScanProblem> Problems, bool DryRun);

/// <summary>
/// One pass over the store: scan (the receiver's own <c>.partial</c> and <c>.sequence</c> are never read), plan,
/// and unless it is a dry run delete what the plan says, each archive with its manifest. Shared by the
/// receiver's retention actor and the <c>akkabackup retention</c> command, so both decide alike.
/// </summary>
public static class RetentionPass
{
    public static RetentionPassResult Run(string storeRoot, RetentionPolicies policies, DateTimeOffset now, bool dryRun)
    {
        var scan = StoreScanner.Scan(storeRoot);
        var plan = RetentionPlanner.Plan(scan.Backups, policies, now);
        var outcomes = dryRun ? [] : RetentionExecutor.Apply(plan, storeRoot);
        return new RetentionPassResult(plan, outcomes, scan.Problems, dryRun);
    }
}
