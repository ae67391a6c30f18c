using System.Text.RegularExpressions;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Layout;

/// <summary>
/// The directory a backup is filed in, relative to the store root: '/'-separated segments, each literal
/// text and tokens, e.g. <see cref="Default"/>. Date parts are <c>{timestamp:FORMAT}</c> tokens, one per
/// directory (<c>{timestamp:yyyy}/{timestamp:MM}</c>), never a format that writes '/'. A pattern that could
/// leave the root — absolute, a drive letter, '~', '\', '..', an empty or hidden segment — is refused when
/// configured, and every rendered directory is checked to lie under the root before it is used.
/// </summary>
public sealed partial class StoreLayout
{
    /// <summary>reference.hocon's <c>akkabackup.receiver.layout</c>.</summary>
    public static string Default { get; } = HoconSection.Of(ReferenceConfiguration.Config, "akkabackup.receiver").String("layout");

    private readonly string _pattern;
    private readonly IReadOnlyList<PatternTemplate> _segments;

    private StoreLayout(string pattern, IReadOnlyList<PatternTemplate> segments, TimeZoneInfo timeZone)
    {
        _pattern = pattern;
        _segments = segments;
        TimeZone = timeZone;
    }

    public TimeZoneInfo TimeZone { get; }

    /// <param name="pattern">Empty files every backup directly in the store root.</param>
    /// <param name="timeZone">From <see cref="NamingTimeZone.Resolve"/>; UTC when null.</param>
    public static StoreLayout Parse(string pattern, string setting, TimeZoneInfo? timeZone = null)
    {
        var where = $"{setting} = '{pattern}'";

        // Whole pattern first: token formats are checked never to write '/', so below every '/' is a separator.
        PatternTemplate.Parse(pattern, where);
        if (pattern.Contains('\\'))
        {
            throw new ConfigurationException($"{where}: separate directories with '/', never '\\'");
        }

        if (pattern.StartsWith('/') || pattern.StartsWith('~') || DriveLetter().IsMatch(pattern))
        {
            throw new ConfigurationException($"{where} must be relative to the store root: no leading '/', '~' or drive letter");
        }

        var trimmed = pattern.EndsWith('/') ? pattern[..^1] : pattern;
        var segments = trimmed.Length == 0 ? [] : trimmed.Split('/').Select(s => ParseSegment(s, where)).ToList();
        return new StoreLayout(pattern, segments, timeZone ?? TimeZoneInfo.Utc);
    }

    /// <summary>The directory relative to the store root, with this platform's separator; empty for the root itself.</summary>
    public string RelativeDirectory(NamingValues values) =>
        string.Join(Path.DirectorySeparatorChar, _segments.Select(s => FileNameLimits.Fit(s.Render(values, TimeZone), "", FileNameLimits.MaxBytes)));

    /// <summary>The full directory under <paramref name="storeRoot"/>; throws <see cref="StoreEscapeException"/> if it would lie outside.</summary>
    public string DirectoryUnder(string storeRoot, NamingValues values) => StorePath.Under(storeRoot, RelativeDirectory(values));

    public override string ToString() => _pattern;

    private static PatternTemplate ParseSegment(string segment, string where)
    {
        if (segment.Length == 0)
        {
            throw new ConfigurationException($"{where} has an empty directory ('//' or a lone '/')");
        }

        if (segment.StartsWith('.'))
        {
            // '.' and '..' would climb; other dot directories are the store's own (.partial, .sequence).
            throw new ConfigurationException($"{where}: directory '{segment}' starts with '.'");
        }

        var template = PatternTemplate.Parse(segment, where);
        if (template.Literals.Any(l => l.Contains("..", StringComparison.Ordinal) || l.Contains(':')))
        {
            throw new ConfigurationException($"{where}: directory '{segment}' contains '..' or ':'");
        }

        if (FileNameLimits.ByteCount(string.Concat(template.Literals)) > FileNameLimits.MaxBytes - TokenValue.MaxLength)
        {
            throw new ConfigurationException($"{where}: directory '{segment}' is too long");
        }

        return template;
    }

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
