using System.CommandLine;
using System.CommandLine.Invocation;

namespace AkkaBackup.Core.Cli;

/// <summary>
/// An executable's command line: one System.CommandLine tree both parses the arguments and writes <c>--help</c> at
/// every level, so the help cannot drift from the parser. No arguments print the help and exit 2; bad input is one
/// line on stderr naming it (<c>akkabackup: backup: --config is required</c>), the help of the command concerned after
/// it, and exit 2 (also for a <see cref="UsageException"/> an action throws); <c>--version</c> prints
/// <c>name version</c>; <c>help [command]</c> is <c>[command] --help</c>. Other exceptions are the caller's.
/// </summary>
public sealed class CliProgram
{
    public const int BadInput = 2;

    /// <summary>An argument that starts with <c>@</c> is a value, not a response file to read arguments from.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private readonly string _name;

    public CliProgram(string name, string version, RootCommand root)
    {
        _name = name;
        Root = root;
        root.HelpName = name;
        root.Options.OfType<VersionOption>().Single().Action = new PrintLine($"{name} {version}");
        var words = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore, CaptureRemainingTokens = true };
        var help = new Command("help", "Show the help of a command.") { Hidden = true };
        help.Add(words);
        help.SetAction(result => WriteHelp(result.GetValue(words) ?? [], result.InvocationConfiguration.Output));
        root.Add(help);
    }

    public RootCommand Root { get; }

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args, Parsing);

    public Task<int> RunAsync(IReadOnlyList<string> args) => RunAsync(args, Console.Out, Console.Error);

    /// <returns>The action's exit code, or <see cref="BadInput"/>.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count == 0)
        {
            WriteHelp([], output);
            return BadInput;
        }

        var result = Parse(args);
        var command = CliErrors.CommandPath(result.CommandResult).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (result.Action is ParseErrorAction)
        {
            return Refuse(CliErrors.Describe(result), command, error);
        }

        try
        {
            // No default exception handler (the caller maps exceptions to exit codes) and no SIGTERM handling of its
            // own: a node's host stops gracefully on SIGTERM.
            return await result.InvokeAsync(new InvocationConfiguration
            {
                Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException e)
        {
            return Refuse(e.Message, command, error);
        }
    }

    /// <summary>Writes the generated help of the command that <paramref name="command"/> names (the root's for none).</summary>
    public void WriteHelp(IReadOnlyList<string> command, TextWriter output) =>
        Parse([.. command, "--help"]).Invoke(new InvocationConfiguration { Output = output });

    private int Refuse(string message, IReadOnlyList<string> command, TextWriter error)
    {
        error.WriteLine($"{_name}: {message}");
        error.WriteLine();
        WriteHelp(command, error);
        return BadInput;
    }

    private sealed class PrintLine(string line) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(line);
            return 0;
        }
    }
}
