using System.Globalization;

namespace AkkaBackup.Core.Retention;

/// <summary>Applies a policy's keep rules to one instance; what no rule keeps (and no safety rule protects) is deleted.</summary>
internal static class KeepRules
{
    /// <param name="newestFirst">Completed backups of one instance, newest first.</param>
    public static void Apply(IReadOnlyList<BackupVerdict> newestFirst, RetentionPolicy policy, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!policy.HasKeepRule)
        {
            foreach (var verdict in newestFirst)
            {
                verdict.Keep(RetentionRule.NoKeepRule, "no keep rule is configured");
            }

            return;
        }

        if (policy.KeepWithinDays is { } days)
        {
            var since = now.AddDays(-days);
            foreach (var verdict in newestFirst.Where(v => v.Backup.StoredAt > since))
            {
                verdict.Keep(RetentionRule.KeepWithinDays, $"stored within the last {days} days");
            }
        }

        if (policy.KeepLast is { } last)
        {
            foreach (var verdict in newestFirst.Take(last))
            {
                verdict.Keep(RetentionRule.KeepLast, $"one of the last {last}");
            }
        }

        CalendarTier.Daily.Keep(newestFirst, policy.KeepDaily, now, zone);
        CalendarTier.Weekly.Keep(newestFirst, policy.KeepWeekly, now, zone);
        CalendarTier.Monthly.Keep(newestFirst, policy.KeepMonthly, now, zone);

        var why = WhyNotKept(policy);
        foreach (var verdict in newestFirst.Where(v => !v.IsKept))
        {
            verdict.Delete(RetentionRule.OutsideKeepRules, $"stored {verdict.Backup.StoredAt.ToString("u", CultureInfo.InvariantCulture)}: {why}");
        }
    }

    private static string WhyNotKept(RetentionPolicy policy)
    {
        var reasons = new List<string>();
        if (policy.KeepWithinDays is { } days)
        {
            reasons.Add($"older than {days} days");
        }

        if (policy.KeepLast is { } last)
        {
            reasons.Add($"not one of the last {last}");
        }

        if (policy.KeepDaily.HasValue || policy.KeepWeekly.HasValue || policy.KeepMonthly.HasValue)
        {
            reasons.Add("not the newest of a day, week or month the tiers keep");
        }

        return string.Join(", ", reasons);
    }
}
