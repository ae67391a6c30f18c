using System.CommandLine;

namespace AkkaBackup.Core.Cli;

/// <summary>
/// The kinds of option the executables take, so every command declares its options the same way: a value
/// (<c>--config &lt;file&gt;</c>, never empty), a repeatable value (<c>--node a --node b</c>) and a switch that takes
/// no value (<c>--json</c>; <c>--json true</c> is refused, not read as a value).
/// </summary>
public static class CliOptions
{
    /// <param name="helpName">The placeholder help shows for the value, e.g. <c>client.hocon</c>.</param>
    public static Option<string> Value(string name, string helpName, string description, bool required = false) =>
        NotEmpty(new Option<string>(name) { HelpName = helpName, Description = description, Required = required });

    /// <summary>An option given once per value; help and the parser both say at least one is needed when <paramref name="required"/>.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description, bool required = false) =>
        NotEmpty(new Option<string[]>(name) { HelpName = helpName, Description = description, Required = required, Arity = ArgumentArity.OneOrMore });

    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary><c>--json</c>: the output for scripts (camelCase keys, one shape per command).</summary>
    public static Option<bool> Json() => Flag("--json", "Print JSON for scripts instead of text.");

    private static Option<T> NotEmpty<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => t.Value.Length == 0))
            {
                result.AddError($"{option.Name} has an empty value");
            }
        });
        return option;
    }
}
