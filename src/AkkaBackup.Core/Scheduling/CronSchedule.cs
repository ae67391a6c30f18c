using AkkaBackup.Core.Configuration;
using Cronos;

namespace AkkaBackup.Core.Scheduling;

/// <summary>
/// A cron expression evaluated in a time zone. Five fields (minute hour day month weekday) or six with
/// seconds first; Cronos resolves DST gaps and overlaps in the zone (a skipped local time fires at the
/// end of the gap, a repeated one fires once).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public static CronSchedule Parse(string? cron, string? timeZone, string cronSetting = "cron", string timeZoneSetting = "time-zone") =>
        Parse(cron, TimeZones.Require(timeZone, timeZoneSetting), cronSetting);

    public static CronSchedule Parse(string? cron, TimeZoneInfo zone, string cronSetting = "cron")
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new ConfigurationException($"{cronSetting} is empty: use 5 fields (minute hour day month weekday) or 6 with seconds first");
        }

        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            return new CronSchedule(CronExpression.Parse(cron.Trim(), format), zone);
        }
        catch (CronFormatException e)
        {
            throw new ConfigurationException($"{cronSetting} = '{cron}' is not a cron expression ({e.Message}); use 5 fields (minute hour day month weekday) or 6 with seconds first");
        }
    }

    /// <summary>The first firing strictly after <paramref name="after"/>, or null if the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone);
}
