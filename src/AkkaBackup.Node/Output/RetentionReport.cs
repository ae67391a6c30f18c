using AkkaBackup.Receiver.Retention;

namespace AkkaBackup.Node.Output;

/// <summary>A retention pass as text or JSON, for <c>akkabackup retention</c> and the receiver console's <c>retention plan</c>.</summary>
public static class RetentionReport
{
    public static void Write(TextWriter output, RetentionPassResult result)
    {
        var verb = result.DryRun ? "would delete" : "deleted";
        output.WriteLine(result.DryRun ? "Dry run: nothing is deleted." : "Retention applied.");
        foreach (var deletion in result.Plan.Deletions)
        {
            var failure = result.Outcomes.FirstOrDefault(o => o.Deletion == deletion && !o.Succeeded);
            output.WriteLine(failure is null
                ? $"  {verb}  {deletion.Backup.Path}  ({deletion.Backup.SizeBytes:N0} bytes, {deletion.Backup.Instance})  by {deletion.Rule}: {deletion.Reason}"
                : $"  FAILED  {deletion.Backup.Path}  ({deletion.Rule}): {failure.Error}");
        }

        foreach (var kept in result.Plan.Kept)
        {
            output.WriteLine($"  keep  {kept.Backup.Path}  ({kept.Backup.Instance})  {string.Join(", ", kept.Rules)}: {kept.Reason}");
        }

        foreach (var warning in result.Plan.Warnings)
        {
            output.WriteLine($"  WARNING  {warning.Message} ({warning.Rule})");
        }

        foreach (var problem in result.Problems)
        {
            output.WriteLine($"  not a backup, left alone  {problem.Path}: {problem.Problem}");
        }

        output.WriteLine($"{result.Plan.Deletions.Count} to delete ({result.Plan.Deletions.Sum(d => d.Backup.SizeBytes):N0} bytes), {result.Plan.Kept.Count} kept.");
    }

    public static RetentionJson ToJson(RetentionPassResult result) => new(
        result.DryRun,
        result.Plan.Deletions.Select(d => new RetentionDeletionJson(
            d.Backup.Path, d.Backup.Instance.ToString(), d.Backup.SizeBytes, d.Backup.StoredAt, d.Rule, d.Reason,
            result.Outcomes.FirstOrDefault(o => o.Deletion == d)?.Error)).ToList(),
        result.Plan.Kept.Select(k => new RetentionKeptJson(k.Backup.Path, k.Backup.Instance.ToString(), k.Rules, k.Reason)).ToList(),
        result.Plan.Warnings.Select(w => new RetentionWarningJson(w.Instance?.ToString(), w.Rule, w.Message)).ToList(),
        result.Problems.Select(p => new RetentionProblemJson(p.Path, p.Problem)).ToList());
}
