using System.Globalization;
using System.Text.RegularExpressions;

namespace AkkaBackup.Core.Naming;

/// <summary>Which formats a token takes, and what a token with its format writes for given values.</summary>
internal static partial class TokenFormat
{
    public const string DefaultTimestamp = "yyyyMMdd_HHmmss";

    // Between them these give the longest month and day names, both half-days and odd offsets, so a
    // format that fails or writes a separator for any date shows it here.
    private static readonly DateTimeOffset[] TimestampSamples =
    [
        new(2026, 9, 30, 23, 59, 59, 999, TimeSpan.FromHours(14)),
        new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new(2028, 2, 29, 12, 30, 0, TimeSpan.FromHours(-9.5)),
    ];

    public static string Name(NamingToken token) => token.ToString().ToLowerInvariant();

    /// <summary>Null when <paramref name="format"/> suits <paramref name="token"/>, otherwise why it does not.</summary>
    public static string? Problem(NamingToken token, string format) => token switch
    {
        NamingToken.Timestamp => TimestampProblem(format),
        NamingToken.Sequence => SequenceFormat().IsMatch(format)
            ? null
            : $"'{format}' is not a sequence format; pad with zeros such as {{sequence:000}} or write {{sequence:D4}}",
        _ => $"only {{timestamp}} and {{sequence}} take a format, not {{{Name(token)}}}",
    };

    public static string Apply(NamingToken token, string? format, NamingValues values, TimeZoneInfo zone) => token switch
    {
        NamingToken.Server => values.Server,
        NamingToken.Instance => values.Instance,
        NamingToken.Client => values.Client,
        NamingToken.Database => values.Database,
        NamingToken.Type => values.Type,
        NamingToken.RunId => values.RunId,
        NamingToken.Sequence => values.Sequence.ToString(format ?? "0", CultureInfo.InvariantCulture),
        NamingToken.Timestamp => TimeZoneInfo.ConvertTime(values.Timestamp, zone).ToString(format ?? DefaultTimestamp, CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, null),
    };

    private static string? TimestampProblem(string format)
    {
        foreach (var sample in TimestampSamples)
        {
            string text;
            try
            {
                text = sample.ToString(format, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                return $"'{format}' is not a .NET date format";
            }

            if (text.Contains('/') || text.Contains('\\'))
            {
                return $"{{timestamp:{format}}} writes a path separator ('{text}'); write each directory as its own token, e.g. {{timestamp:yyyy}}/{{timestamp:MM}}";
            }
        }

        return null;
    }

    [GeneratedRegex("^(0{1,19}|[Dd](1[0-9]|[1-9])?)$")]
    private static partial Regex SequenceFormat();
}
