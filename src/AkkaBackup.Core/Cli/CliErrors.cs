using System.CommandLine;
using System.CommandLine.Parsing;

namespace AkkaBackup.Core.Cli;

/// <summary>
/// The one line a refused command line gets: the command, then what is wrong, naming the option, argument or
/// word concerned (<c>backup: unknown option '--bogus'</c>, <c>backup: --config needs a value</c>). Read from the
/// parse result's structure, not from System.CommandLine's wording; a validator's own message is kept as it is.
/// </summary>
public static class CliErrors
{
    public static string Describe(ParseResult result)
    {
        var path = CommandPath(result.CommandResult);
        var prefix = path.Length == 0 ? "" : path + ": ";
        if (result.UnmatchedTokens.Count > 0)
        {
            return prefix + Unmatched(result.CommandResult.Command, result.UnmatchedTokens[0]);
        }

        var error = result.Errors[0];
        return prefix + error.SymbolResult switch
        {
            OptionResult { IdentifierToken: null } o => o.Option.Arity.MaximumNumberOfValues > 1 ? $"at least one {o.Option.Name} is required" : $"{o.Option.Name} is required",
            OptionResult o when o.Tokens.Count < o.Option.Arity.MinimumNumberOfValues => $"{o.Option.Name} needs a value",
            OptionResult o when o.Tokens.Count > o.Option.Arity.MaximumNumberOfValues => $"{o.Option.Name} given {o.Tokens.Count} times",
            ArgumentResult a when a.Tokens.Count < a.Argument.Arity.MinimumNumberOfValues => $"<{a.Argument.HelpName ?? a.Argument.Name}> is required",
            CommandResult c when c.Command.Action is null && c.Command.Subcommands.Count > 0 => $"name a command: {string.Join(", ", Visible(c.Command.Subcommands))}",
            _ => error.Message,
        };
    }

    /// <summary>The command's words under the root, e.g. <c>pending retry</c>; empty for the root itself.</summary>
    public static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var c = command; c.Parent is CommandResult parent; c = parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return string.Join(' ', names);
    }

    private static string Unmatched(Command command, string token)
    {
        if (token.StartsWith('-'))
        {
            return $"unknown option '{token}'";
        }

        return command is RootCommand || command.Subcommands.Count > 0 ? $"unknown command '{token}'" : $"unexpected argument '{token}'";
    }

    private static IEnumerable<string> Visible(IEnumerable<Command> commands) => commands.Where(c => !c.Hidden).Select(c => c.Name);
}
