using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// How long one instance's backups are kept. Keep rules combine like restic's and borg's: a backup stays when
/// any configured keep rule selects it; with no keep rule at all, keep rules delete nothing. The byte limit is a
/// ceiling on top: past it the oldest go, whatever kept them. Null means "not configured".
/// </summary>
public sealed record RetentionPolicy
{
    public static readonly RetentionPolicy KeepEverything = new();

    /// <summary>Keep every backup stored within this many days (24-hour periods back from now).</summary>
    public int? KeepWithinDays { get; init; }

    /// <summary>Keep the newest N backups.</summary>
    public int? KeepLast { get; init; }

    /// <summary>Keep the newest backup of each of the last N calendar days (today included).</summary>
    public int? KeepDaily { get; init; }

    /// <summary>Keep the newest backup of each of the last N ISO weeks (this week included).</summary>
    public int? KeepWeekly { get; init; }

    /// <summary>Keep the newest backup of each of the last N calendar months (this month included).</summary>
    public int? KeepMonthly { get; init; }

    /// <summary>At most this many bytes of backups for the instance.</summary>
    public long? MaxBytes { get; init; }

    public bool HasKeepRule => KeepWithinDays.HasValue || KeepLast.HasValue || KeepDaily.HasValue || KeepWeekly.HasValue || KeepMonthly.HasValue;

    /// <summary>Refuses a limit below 1, naming the setting (e.g. <c>akkabackup.retention.default.keep-last = 0</c>).</summary>
    public RetentionPolicy Validate(string setting)
    {
        Positive(KeepWithinDays, setting, "keep-within-days");
        Positive(KeepLast, setting, "keep-last");
        Positive(KeepDaily, setting, "keep-daily");
        Positive(KeepWeekly, setting, "keep-weekly");
        Positive(KeepMonthly, setting, "keep-monthly");
        Positive(MaxBytes, setting, "max-bytes");
        return this;
    }

    internal static void Positive(long? value, string setting, string key)
    {
        if (value < 1)
        {
            throw new ConfigurationException($"{setting}.{key} = {value} must be at least 1 (leave it out to switch the rule off)");
        }
    }
}
