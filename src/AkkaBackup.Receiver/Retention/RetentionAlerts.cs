using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Retention;

namespace AkkaBackup.Receiver.Retention;

/// <summary>The critical alert for a retention limit that cannot be kept because a safety rule keeps the newest backup.</summary>
public static class RetentionAlerts
{
    public static Alert CouldNotKeep(string node, RetentionWarning warning, RetentionPlan plan, DateTimeOffset now)
    {
        var newest = plan.Kept
            .Where(k => k.Rules.Contains(RetentionRule.NewestVerified) || k.Rules.Contains(RetentionRule.NewestBackup))
            .Where(k => warning.Instance is null || k.Backup.Instance == warning.Instance)
            .Select(k => k.Backup.Path)
            .ToList();
        var scope = warning.Instance?.ToString() ?? "the store";
        var alert = BackupAlerts.RetentionCouldNotKeepNewest(node, scope, warning.Rule.ToString(), string.Join(", ", newest), now);
        return alert with { Body = $"{warning.Message}\n\n{alert.Body}" };
    }
}
