using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Operator.Palettes;
using AkkaBackup.Store;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Node.Operator;

/// <summary>Finds the command the words name, runs it, and turns refusals into messages and exit codes.</summary>
public static class ConsoleCommands
{
    public static readonly IReadOnlyList<ConsoleCommand> Client =
    [
        .. NodePalette.Commands(), .. BackupPalette.Commands(), .. LogPalette.Commands(), .. ReportPalette.Commands(), .. ConfigPalette.Commands(),
    ];

    public static readonly IReadOnlyList<ConsoleCommand> Receiver =
    [
        .. ReceiverPalette.Commands(), .. FleetLogPalette.Commands(), .. FleetReportPalette.Commands(), .. CatalogPalette.Commands(),
    ];

    /// <returns>The exit code: 0 done, 1 failed, 2 bad input, 3 a run failed and its server is down.</returns>
    public static async Task<int> RunAsync(ConsoleContext node, IReadOnlyList<ConsoleCommand> all, IReadOnlyList<string> words, ConsoleWriter output, ConsoleWriter errors)
    {
        var help = words.Contains("--help") || words.Contains("-h") || (words.Count > 0 && words[^1] == "help");
        var named = words.Where(w => w is not ("--help" or "-h" or "help")).ToList();
        var command = Find(all, named, out var rest);
        if (help || command is null)
        {
            var prefix = string.Join(' ', named.TakeWhile(w => !w.StartsWith("--", StringComparison.Ordinal)));
            var matching = all.Where(c => c.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Help(output, matching.Count > 0 ? matching : all);
            if (!help)
            {
                errors.WriteLine(named.Count == 0 ? "abk: name a command" : $"abk: unknown command '{string.Join(' ', named)}'");
            }

            return help ? 0 : 2;
        }

        try
        {
            var args = Arguments.Parse(command.Path, rest, command.Options, [.. command.Flags, "json"]);
            return await command.Run(new ConsoleCall(node, command, args, output, errors));
        }
        catch (UsageException e)
        {
            errors.WriteLine($"abk: {e.Message}");
            errors.WriteLine($"usage: {command.Usage}");
            return 2;
        }
        catch (Exception e) when (e is ValidationException or ConfigurationException)
        {
            errors.WriteLine($"abk: {e.Message}");
            return 2;
        }
        catch (StoreException e)
        {
            errors.WriteLine($"abk: the configuration store refused: {e.Message}");
            return 1;
        }
    }

    public static void Help(TextWriter output, IEnumerable<ConsoleCommand> commands)
    {
        output.WriteLine("abk <host:port> <palette> <command> [args] [--json]      (abk <host:port> for interactive mode)");
        foreach (var palette in commands.GroupBy(c => c.Palette))
        {
            output.WriteLine();
            foreach (var c in palette)
            {
                output.WriteLine($"  {c.Usage}");
                output.WriteLine($"      {c.Summary}");
            }
        }
    }

    /// <summary>The command whose palette and name are the first words (the longest match), and the words after them.</summary>
    private static ConsoleCommand? Find(IReadOnlyList<ConsoleCommand> all, IReadOnlyList<string> words, out IReadOnlyList<string> rest)
    {
        foreach (var command in all.OrderByDescending(c => c.Path.Length))
        {
            var path = command.Path.Split(' ');
            if (words.Count >= path.Length && path.SequenceEqual(words.Take(path.Length), StringComparer.Ordinal))
            {
                rest = words.Skip(path.Length).ToList();
                return command;
            }
        }

        rest = [];
        return null;
    }
}
