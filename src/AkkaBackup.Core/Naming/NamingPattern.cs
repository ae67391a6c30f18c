using System.Text.RegularExpressions;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// The file name of a stored archive, e.g. <c>{server}_{instance}_{type}_{timestamp:yyyyMMdd_HHmmss}.zip</c>.
/// Refused when configured: unknown tokens or formats, '/', '\', ':', '..', control characters, and a name that
/// does not end in a fixed extension (so no token value can make an archive look like a manifest).
/// Rendered names are cut to <see cref="FileNameLimits.MaxRenderedBytes"/>, keeping the extension.
/// </summary>
public sealed partial class NamingPattern
{
    /// <summary>reference.hocon's <c>akkabackup.receiver.naming-pattern</c>.</summary>
    public static string Default { get; } = HoconSection.Of(ReferenceConfiguration.Config, "akkabackup.receiver").String("naming-pattern");

    // The store's own files: manifests, their temporary copies, partial transfers.
    private static readonly string[] ReservedExtensions = [".json", ".tmp", ".part"];

    private readonly string _pattern;
    private readonly PatternTemplate _template;
    private readonly string _extension;

    private NamingPattern(string pattern, PatternTemplate template, string extension, TimeZoneInfo timeZone)
    {
        _pattern = pattern;
        _template = template;
        _extension = extension;
        TimeZone = timeZone;
    }

    /// <summary>The zone <c>{timestamp}</c> is written in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <param name="timeZone">From <see cref="NamingTimeZone.Resolve"/>; UTC when null.</param>
    public static NamingPattern Parse(string pattern, string setting, TimeZoneInfo? timeZone = null)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ConfigurationException($"{setting} is empty");
        }

        var where = $"{setting} = '{pattern}'";
        var template = PatternTemplate.Parse(pattern, where);
        if (template.Literals.Any(l => l.Contains('/') || l.Contains('\\') || l.Contains(':') || l.Contains("..", StringComparison.Ordinal)))
        {
            throw new ConfigurationException($"{where} must be a file name: no '/', '\\', ':' or '..'");
        }

        var extension = Extension().Match(pattern);
        if (!extension.Success || template.EndsWithToken)
        {
            throw new ConfigurationException($"{where} must end in a fixed extension such as .zip, so that no token value decides what kind of file it is");
        }

        if (ReservedExtensions.Contains(extension.Value, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"{where} must not end in {extension.Value}: the store uses {string.Join(", ", ReservedExtensions)} for its own files");
        }

        if (FileNameLimits.ByteCount(string.Concat(template.Literals)) > FileNameLimits.MaxRenderedBytes - TokenValue.MaxLength)
        {
            throw new ConfigurationException($"{where} is too long: its fixed text leaves less than {TokenValue.MaxLength} of the {FileNameLimits.MaxRenderedBytes} bytes a name may have for token values");
        }

        return new NamingPattern(pattern, template, extension.Value, timeZone ?? TimeZoneInfo.Utc);
    }

    /// <summary>
    /// <paramref name="pattern"/> with every <c>{timestamp}</c> that names no format given <paramref name="dateFormat"/>:
    /// how a target's date format reaches the receiver, which only ever sees complete patterns.
    /// </summary>
    public static string WithDateFormat(string pattern, string dateFormat) =>
        pattern.Replace("{timestamp}", "{timestamp:" + dateFormat + "}", StringComparison.Ordinal);

    public string Render(NamingValues values) => Render(values, _extension);

    /// <summary>
    /// The name of a backup of <paramref name="type"/>: a hot backup is not a zip, so it ends in
    /// <c>.xbstream.gz</c> whatever extension the pattern ends in; cold and snapshot keep the pattern's.
    /// </summary>
    public string Render(NamingValues values, BackupType type) => Render(values, type == BackupType.Hot ? type.Extension() : _extension);

    private string Render(NamingValues values, string extension)
    {
        var name = _template.Render(values, TimeZone);
        return FileNameLimits.Fit(name[..^_extension.Length], extension, FileNameLimits.MaxRenderedBytes);
    }

    public override string ToString() => _pattern;

    [GeneratedRegex(@"\.[A-Za-z0-9]{1,16}$")]
    private static partial Regex Extension();
}
