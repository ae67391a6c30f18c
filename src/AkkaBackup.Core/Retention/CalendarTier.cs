using System.Globalization;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// A grandfather-father-son tier: the newest backup of each of the last N calendar days, ISO weeks or months,
/// counted back from the period "now" falls in, in the configured time zone. Periods without a backup keep nothing.
/// </summary>
internal sealed class CalendarTier
{
    public static readonly CalendarTier Daily = new(RetentionRule.KeepDaily, "day", d => d.DayNumber, d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    // Day 0 (0001-01-01) is a Monday, so the Monday of a date's ISO week divided by 7 numbers the weeks.
    public static readonly CalendarTier Weekly = new(RetentionRule.KeepWeekly, "ISO week", d => (d.DayNumber - ((int)d.DayOfWeek + 6) % 7) / 7, IsoWeekLabel);

    public static readonly CalendarTier Monthly = new(RetentionRule.KeepMonthly, "month", d => d.Year * 12L + d.Month - 1, d => d.ToString("yyyy-MM", CultureInfo.InvariantCulture));

    private readonly RetentionRule _rule;
    private readonly string _unit;
    private readonly Func<DateOnly, long> _period;
    private readonly Func<DateOnly, string> _label;

    private CalendarTier(RetentionRule rule, string unit, Func<DateOnly, long> period, Func<DateOnly, string> label)
    {
        _rule = rule;
        _unit = unit;
        _period = period;
        _label = label;
    }

    /// <param name="newestFirst">Completed backups of one instance, newest first.</param>
    public void Keep(IReadOnlyList<BackupVerdict> newestFirst, int? count, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (count is not { } periods)
        {
            return;
        }

        var current = _period(LocalDate(now, zone));
        var seen = new HashSet<long>();
        foreach (var verdict in newestFirst)
        {
            var date = LocalDate(verdict.Backup.StoredAt, zone);
            var period = _period(date);
            if (current - period < periods && seen.Add(period))
            {
                verdict.Keep(_rule, $"newest of {_unit} {_label(date)} (last {periods} {_unit}s)");
            }
        }
    }

    private static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static string IsoWeekLabel(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}";
    }
}
