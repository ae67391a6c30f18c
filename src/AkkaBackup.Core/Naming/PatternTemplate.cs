using System.Text.RegularExpressions;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// The token grammar both <see cref="NamingPattern"/> and <see cref="Layout.StoreLayout"/> use: literal text
/// and <c>{token}</c> or <c>{token:format}</c>. Checked once when configured; every token value is
/// sanitised when rendered, literals are the operator's and are checked by the caller.
/// </summary>
internal sealed partial class PatternTemplate
{
    private static readonly Dictionary<string, NamingToken> Tokens =
        Enum.GetValues<NamingToken>().ToDictionary(TokenFormat.Name, t => t, StringComparer.Ordinal);

    private readonly IReadOnlyList<Part> _parts;

    private PatternTemplate(IReadOnlyList<Part> parts) => _parts = parts;

    public IEnumerable<string> Literals => _parts.OfType<Literal>().Select(l => l.Text);

    public bool EndsWithToken => _parts.Count > 0 && _parts[^1] is TokenPart;

    /// <param name="text">The pattern, or the piece of it being parsed.</param>
    /// <param name="where">The setting and whole pattern, e.g. <c>naming-pattern = '…'</c>, for messages.</param>
    public static PatternTemplate Parse(string text, string where)
    {
        var parts = new List<Part>();
        var at = 0;
        foreach (Match match in Token().Matches(text))
        {
            AddLiteral(parts, text[at..match.Index], where);
            at = match.Index + match.Length;
            parts.Add(ParseToken(match, where));
        }

        AddLiteral(parts, text[at..], where);
        return new PatternTemplate(parts);
    }

    public string Render(NamingValues values, TimeZoneInfo zone) =>
        string.Concat(_parts.Select(part => part switch
        {
            Literal literal => literal.Text,
            TokenPart token => TokenValue.Sanitise(TokenFormat.Apply(token.Token, token.Format, values, zone)),
            _ => throw new InvalidOperationException(part.GetType().Name),
        }));

    private static TokenPart ParseToken(Match match, string where)
    {
        var name = match.Groups["name"].Value;
        if (!Tokens.TryGetValue(name, out var token))
        {
            var known = string.Join(", ", Tokens.Keys.Select(k => "{" + k + "}"));
            var hint = DatePart().IsMatch(name) ? $"; write date parts as {{timestamp:{name}}}" : "";
            throw new ConfigurationException($"{where} uses unknown token {{{name}}}; known tokens: {known}{hint}");
        }

        if (!match.Groups["format"].Success)
        {
            return new TokenPart(token, null);
        }

        var format = match.Groups["format"].Value;
        var problem = format.Length == 0 ? $"{{{name}:}} has an empty format" : TokenFormat.Problem(token, format);
        return problem is null ? new TokenPart(token, format) : throw new ConfigurationException($"{where}: {problem}");
    }

    private static void AddLiteral(List<Part> parts, string literal, string where)
    {
        if (literal.Contains('{') || literal.Contains('}'))
        {
            throw new ConfigurationException($"{where} has an unbalanced '{{' or '}}'");
        }

        if (literal.Any(char.IsControl))
        {
            throw new ConfigurationException($"{where} contains a control character");
        }

        if (literal.Length > 0)
        {
            parts.Add(new Literal(literal));
        }
    }

    [GeneratedRegex(@"\{(?<name>[^{}:]*)(:(?<format>[^{}]*))?\}")]
    private static partial Regex Token();

    [GeneratedRegex("^[yMdHhmsf]+$")]
    private static partial Regex DatePart();

    private abstract record Part;

    private sealed record Literal(string Text) : Part;

    private sealed record TokenPart(NamingToken Token, string? Format) : Part;
}
