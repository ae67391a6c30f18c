using System.Globalization;
using AkkaBackup.Core.Cli;
using AkkaBackup.Store.Database;

namespace AkkaBackup.Node.Operator;

/// <summary>Reads option values the way operators type them: <c>30d</c>, <c>2026-11-01</c>, <c>run-once</c>.</summary>
public static class ConsoleValues
{
    /// <summary><c>90s</c>, <c>15m</c>, <c>12h</c>, <c>30d</c>, <c>2w</c>.</summary>
    public static TimeSpan Duration(string option, string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            switch (unit)
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'w': return TimeSpan.FromDays(7 * n);
            }
        }

        throw new UsageException($"--{option} = '{text}' is not a duration such as 90s, 15m, 12h, 30d or 2w");
    }

    /// <summary>A duration back from now (<c>7d</c>) or a date/time (<c>2026-11-01</c>, <c>2026-11-01T12:00Z</c>); dates without a zone are UTC.</summary>
    public static DateTimeOffset Instant(string option, string text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        try
        {
            return DateTimeOffset.UtcNow - Duration(option, text);
        }
        catch (UsageException)
        {
            throw new UsageException($"--{option} = '{text}' is neither a date (2026-11-01) nor a duration back from now (7d)");
        }
    }

    /// <summary>The period a report covers: <c>--since</c> (default 30 days back) up to <c>--until</c> (default now), refused the wrong way round.</summary>
    public static (DateTimeOffset Since, DateTimeOffset Until) Period(string? since, string? until)
    {
        var from = Instant("since", since ?? "30d");
        var to = until is null ? DateTimeOffset.UtcNow : Instant("until", until);
        return to > from ? (from, to) : throw new UsageException($"--until {When(to)} is not after --since {When(from)}");
    }

    public static TEnum Enum<TEnum>(string option, string text)
        where TEnum : struct, System.Enum =>
        EnumText.TryParse<TEnum>(text, out var value) ? value : throw new UsageException($"--{option} = '{text}' is not one of {EnumText.Known<TEnum>()}");

    public static int Int(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"--{option} = '{text}' must be a whole number from {min} to {max}");

    /// <summary>A number for CSV: invariant, up to three decimals, empty when there is none.</summary>
    public static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    public static string Size(long? bytes) => bytes is { } b ? Output.ProgressPrinter.Size(b) : "-";

    public static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:0.0} s" : "-";

    public static string When(DateTimeOffset? at) => at is { } a ? a.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
