namespace AkkaBackup.Store.Database;

/// <summary>
/// The <c>WHERE</c> of a search, built from the filters that are set: each condition with its parameter, text matched
/// with <c>LIKE … ESCAPE '\'</c> so that its own <c>%</c>, <c>_</c> and <c>\</c> match only themselves.
/// </summary>
internal sealed class Conditions
{
    private readonly List<string> _conditions = ["1 = 1"];
    private readonly List<(string Name, object? Value)> _parameters = [];

    public string Sql => string.Join(" AND ", _conditions);

    /// <summary>Adds <paramref name="condition"/> with <paramref name="value"/> as <paramref name="name"/>, unless the value is null.</summary>
    public Conditions When(object? value, string condition, string name)
    {
        if (value is not null)
        {
            _conditions.Add(condition);
            _parameters.Add((name, value));
        }

        return this;
    }

    /// <summary>Rows where any of <paramref name="columns"/> contains <paramref name="text"/> (case-insensitive), unless it is blank.</summary>
    public Conditions Containing(string? text, params string[] columns) =>
        string.IsNullOrWhiteSpace(text)
            ? this
            : When("%" + Escape(text.Trim()) + "%", "(" + string.Join(" OR ", columns.Select(c => $@"{c} LIKE $text ESCAPE '\'")) + ")", "$text");

    public (string Name, object? Value)[] Parameters(params (string Name, object? Value)[] more) => [.. _parameters, .. more];

    private static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
