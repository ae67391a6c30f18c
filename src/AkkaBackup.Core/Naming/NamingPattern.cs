using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// A file-name pattern such as <c>{server}_{instance}_full_{timestamp:yyyyMMdd_HHmmss}.zip</c>. Unknown
/// tokens are refused when the pattern is parsed; every token value is sanitised when it is rendered, so
/// no value from a client can add a path separator, <c>..</c> or a control character to a name.
/// </summary>
public sealed partial class NamingPattern
{
    public const string Default = "{server}_{instance}_full_{timestamp:yyyyMMdd_HHmmss}.zip";

    private static readonly string[] KnownTokens = ["server", "instance", "client", "type", "timestamp"];
    private readonly string _pattern;

    private NamingPattern(string pattern) => _pattern = pattern;

    public static NamingPattern Parse(string pattern, string setting)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ConfigurationException($"{setting} is empty");
        }

        if (pattern.Contains('/') || pattern.Contains('\\') || pattern.Contains("..", StringComparison.Ordinal))
        {
            throw new ConfigurationException($"{setting} = '{pattern}' must be a file name: no '/', '\\' or '..'");
        }

        foreach (Match token in Token().Matches(pattern))
        {
            var name = token.Groups["name"].Value;
            if (!KnownTokens.Contains(name))
            {
                throw new ConfigurationException($"{setting} = '{pattern}' uses unknown token {{{name}}}; known tokens: {string.Join(", ", KnownTokens.Select(t => "{" + t + "}"))}");
            }

            var format = token.Groups["format"];
            if (format.Success && name != "timestamp")
            {
                throw new ConfigurationException($"{setting} = '{pattern}': only {{timestamp}} takes a format, not {{{name}}}");
            }

            if (format.Success)
            {
                try
                {
                    _ = DateTimeOffset.UnixEpoch.ToString(format.Value, CultureInfo.InvariantCulture);
                }
                catch (FormatException)
                {
                    throw new ConfigurationException($"{setting} = '{pattern}': '{format.Value}' is not a .NET date format");
                }
            }
        }

        var leftover = Token().Replace(pattern, "");
        if (leftover.Contains('{') || leftover.Contains('}'))
        {
            throw new ConfigurationException($"{setting} = '{pattern}' has an unbalanced '{{' or '}}'");
        }

        return new NamingPattern(pattern);
    }

    public string Render(IReadOnlyDictionary<string, string> values, DateTimeOffset timestamp)
    {
        var name = Token().Replace(_pattern, m =>
        {
            var token = m.Groups["name"].Value;
            if (token == "timestamp")
            {
                var format = m.Groups["format"].Success ? m.Groups["format"].Value : "yyyyMMdd_HHmmss";
                return Sanitise(timestamp.ToString(format, CultureInfo.InvariantCulture));
            }

            return Sanitise(values.TryGetValue(token, out var value) ? value : "");
        });
        return name;
    }

    public override string ToString() => _pattern;

    /// <summary>Keeps letters, digits, '-', '_' and single dots; everything else becomes '_'. At most 64 characters.</summary>
    public static string Sanitise(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var text = builder.ToString().Replace("..", "__", StringComparison.Ordinal).Trim('.');
        if (text.Length == 0)
        {
            text = "_";
        }

        return text.Length > 64 ? text[..64] : text;
    }

    [GeneratedRegex(@"\{(?<name>[a-z]+)(:(?<format>[^{}]+))?\}")]
    private static partial Regex Token();
}
