using System.Text.Json;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Retention;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Retention;

namespace AkkaBackup.Node.Commands;

/// <summary>
/// <c>akkabackup retention --config receiver.hocon [--dry-run] [--json]</c>: one retention pass over the store with
/// the receiver's policies, listing every backup that goes (and the rule why) and every one that stays. With
/// --dry-run nothing is deleted. Exit 0, or 1 when a deletion failed.
/// </summary>
public static class RetentionCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static int Run(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse("retention", args, ["config"], ["dry-run", "json"]);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"retention: unexpected argument '{a.Positionals[0]}'");
        }

        var config = NodeConfiguration.Load(a.RequiredOption("retention", "config"));
        var settings = ReceiverSettingsReader.Read(config);
        var retention = RetentionSettingsReader.Read(config, settings.NamingPattern.TimeZone);
        if (!Directory.Exists(settings.StoreDirectory))
        {
            throw new ConfigurationException($"akkabackup.receiver.store-directory = '{settings.StoreDirectory}' does not exist: is this the receiver's configuration?");
        }

        var result = RetentionPass.Run(settings.StoreDirectory, retention.Policies, DateTimeOffset.UtcNow, a.Flag("dry-run"));
        if (a.Flag("json"))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(result), Json));
        }
        else
        {
            Print(result);
        }

        return result.Outcomes.All(o => o.Succeeded) ? 0 : 1;
    }

    private static void Print(RetentionPassResult result)
    {
        var verb = result.DryRun ? "would delete" : "deleted";
        Console.Out.WriteLine(result.DryRun ? "Dry run: nothing is deleted." : "Retention applied.");
        foreach (var deletion in result.Plan.Deletions)
        {
            var failure = result.Outcomes.FirstOrDefault(o => o.Deletion == deletion && !o.Succeeded);
            Console.Out.WriteLine(failure is null
                ? $"  {verb}  {deletion.Backup.Path}  ({deletion.Backup.SizeBytes:N0} bytes, {deletion.Backup.Instance})  by {deletion.Rule}: {deletion.Reason}"
                : $"  FAILED  {deletion.Backup.Path}  ({deletion.Rule}): {failure.Error}");
        }

        foreach (var kept in result.Plan.Kept)
        {
            Console.Out.WriteLine($"  keep  {kept.Backup.Path}  ({kept.Backup.Instance})  {string.Join(", ", kept.Rules)}: {kept.Reason}");
        }

        foreach (var warning in result.Plan.Warnings)
        {
            Console.Out.WriteLine($"  WARNING  {warning.Message} ({warning.Rule})");
        }

        foreach (var problem in result.Problems)
        {
            Console.Out.WriteLine($"  not a backup, left alone  {problem.Path}: {problem.Problem}");
        }

        Console.Out.WriteLine($"{result.Plan.Deletions.Count} to delete ({result.Plan.Deletions.Sum(d => d.Backup.SizeBytes):N0} bytes), {result.Plan.Kept.Count} kept.");
    }

    private static object ToJson(RetentionPassResult result) => new
    {
        dryRun = result.DryRun,
        deletions = result.Plan.Deletions.Select(d => new
        {
            path = d.Backup.Path,
            instance = d.Backup.Instance.ToString(),
            sizeBytes = d.Backup.SizeBytes,
            storedAt = d.Backup.StoredAt,
            rule = d.Rule.ToString(),
            reason = d.Reason,
            error = result.Outcomes.FirstOrDefault(o => o.Deletion == d)?.Error,
        }),
        kept = result.Plan.Kept.Select(k => new
        {
            path = k.Backup.Path,
            instance = k.Backup.Instance.ToString(),
            rules = k.Rules.Select(r => r.ToString()),
            reason = k.Reason,
        }),
        warnings = result.Plan.Warnings.Select(w => new { instance = w.Instance?.ToString(), rule = w.Rule.ToString(), message = w.Message }),
        problems = result.Problems.Select(p => new { path = p.Path, problem = p.Problem }),
    };
}
