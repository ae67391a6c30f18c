using System.CommandLine;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Hosting;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// <c>akkabackup</c>'s command line in process: its commands, options and positionals (scripts, units and the README
/// name them), the help generated from them, and bad input refused before any node starts.
/// </summary>
public sealed class NodeCommandLineTests
{
    /// <summary>Every command with its options and positionals; a rename here breaks scripts and cron entries.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["receiver"] = ["--config"],
        ["client"] = ["--config"],
        ["backup"] = ["--config", "--instance", "--type", "--json"],
        ["pending"] = ["--config", "--json"],
        ["pending list"] = ["--config", "--json"],
        ["pending retry"] = ["--config", "--json", "<run-id>"],
        ["pending discard"] = ["--config", "--json", "<run-id>"],
        ["retention"] = ["--config", "--dry-run", "--json"],
        ["restore"] = ["<archive>", "--datadir", "--manifest", "--force", "--owner", "--no-verify"],
        ["drill"] = ["<archive>", "--config", "--scratch", "--manifest", "--json"],
        ["certs"] = ["--out", "--node", "--password", "--ca-name", "--overwrite"],
    };

    [Fact]
    public void The_commands_options_and_positionals_are_the_documented_ones()
    {
        var defined = Commands(NodeCommandLine.Create().Root, "", []).ToDictionary(c => c.Path, c => Symbols(c.Command, c.Inherited).Order().ToArray());

        Assert.Equal(Expected.Keys.Order(), defined.Keys.Order());
        foreach (var (path, symbols) in Expected)
        {
            Assert.Equal(symbols.Order(), defined[path]);
        }
    }

    [Fact]
    public async Task The_help_lists_every_command()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in Expected.Keys.Where(k => !k.Contains(' ')))
        {
            Assert.Contains($"\n  {command} ", output);
        }

        Assert.Contains("--version", output);
    }

    [Fact]
    public async Task Each_commands_help_lists_every_option_and_positional_it_takes()
    {
        foreach (var (path, symbols) in Expected)
        {
            var (code, output, _) = await RunAsync([.. path.Split(' '), "--help"]);

            Assert.True(code == 0, $"{path} --help exited {code}");
            Assert.Contains($"akkabackup {path}", output);
            foreach (var symbol in symbols)
            {
                Assert.True(output.Contains(symbol, StringComparison.Ordinal), $"`akkabackup {path} --help` does not show {symbol}:\n{output}");
            }
        }
    }

    [Fact]
    public async Task No_arguments_print_the_help_and_exit_2()
    {
        var (code, output, _) = await RunAsync();

        Assert.Equal(2, code);
        Assert.Contains("akkabackup [command] [options]", output);
    }

    [Fact]
    public async Task The_version_is_printed_with_the_programs_name()
    {
        var (code, output, _) = await RunAsync("--version");

        Assert.Equal((0, $"akkabackup {AkkaNode.Version}"), (code, output.Trim()));
    }

    [Theory]
    [InlineData("backup: unknown option '--bogus'", "backup", "--config", "x", "--bogus")]
    [InlineData("backup: --config needs a value", "backup", "--config")]
    [InlineData("backup: --config has an empty value", "backup", "--config", "")]
    [InlineData("backup: --config is required", "backup", "--json")]
    [InlineData("retention: unexpected argument 'now'", "retention", "--config", "r.hocon", "now")]
    [InlineData("pending: name a command: list, retry, discard", "pending", "--config", "c.hocon")]
    [InlineData("pending retry: <run-id> is required", "pending", "retry", "--config", "c.hocon")]
    [InlineData("restore: --datadir is required", "restore", "archive.zip")]
    [InlineData("certs: at least one --node is required", "certs", "--out", "d", "--password", "p")]
    [InlineData("drill: <archive> is required", "drill", "--json")]
    [InlineData("drill: archive '/no/such/archive.zip' not found", "drill", "/no/such/archive.zip")]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    public async Task Bad_arguments_are_named_on_stderr_and_exit_2(string expected, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal((2, ""), (code, output));
        Assert.StartsWith($"akkabackup: {expected}\n", error.ReplaceLineEndings("\n"));
        Assert.Contains("Usage:", error);
    }

    [Theory]
    [InlineData("list", "pending", "list", "--config", "c.hocon", "--json")]
    [InlineData("retry", "pending", "--config", "c.hocon", "retry", "run-1")]
    [InlineData("discard", "pending", "discard", "run-1", "--config", "c.hocon")]
    [InlineData("restore", "restore", "--force", "@archive.zip", "--datadir=/var/lib/mysql")]
    [InlineData("certs", "certs", "--out", "d", "--node", "a", "--node", "b", "--password", "p")]
    [InlineData("drill", "drill", "a.xbstream.gz", "--config", "receiver.hocon", "--scratch", "/var/tmp", "--json")]
    public void Good_arguments_parse_into_their_command(string command, params string[] args)
    {
        var result = NodeCommandLine.Create().Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal(command, result.CommandResult.Command.Name);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await NodeCommandLine.Create().RunAsync(args, output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    /// <summary>Every visible command under <paramref name="parent"/> by its words, with the options it inherits.</summary>
    private static IEnumerable<(string Path, Command Command, IReadOnlyList<Option> Inherited)> Commands(Command parent, string path, IReadOnlyList<Option> inherited)
    {
        IReadOnlyList<Option> passedOn = [.. inherited, .. parent.Options.Where(o => o.Recursive)];
        foreach (var command in parent.Subcommands.Where(c => !c.Hidden))
        {
            var words = $"{path} {command.Name}".Trim();
            yield return (words, command, passedOn);
            foreach (var sub in Commands(command, words, passedOn))
            {
                yield return sub;
            }
        }
    }

    private static IEnumerable<string> Symbols(Command command, IReadOnlyList<Option> inherited) =>
        command.Options.Concat(inherited).Where(o => !o.Hidden && o.Name is not ("--help" or "--version")).Select(o => o.Name)
            .Concat(command.Arguments.Select(a => $"<{a.HelpName ?? a.Name}>"))
            .Distinct();
}
