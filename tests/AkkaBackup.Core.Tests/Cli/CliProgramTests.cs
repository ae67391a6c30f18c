using System.CommandLine;
using AkkaBackup.Core.Cli;

namespace AkkaBackup.Core.Tests.Cli;

/// <summary>
/// A small tree of the kinds of option the executables use: bad input is one line naming the bad word with the
/// command's help after it and exit 2; help and the version come from the same definitions.
/// </summary>
public sealed class CliProgramTests
{
    private string? _ran;

    [Fact]
    public async Task A_good_command_line_runs_its_action_with_the_values()
    {
        var (code, _, error) = await RunAsync("copy", "--from", "a", "--to=b", "--tag", "x", "--tag", "y", "--dry-run", "item");

        Assert.Equal((7, ""), (code, error));
        Assert.Equal("from=a to=b tags=x,y dry-run=True item=item", _ran);
    }

    [Fact]
    public async Task No_arguments_print_the_help_and_exit_2()
    {
        var (code, output, _) = await RunAsync();

        Assert.Equal(2, code);
        Assert.Contains("Usage:\n  tool [command] [options]", output.ReplaceLineEndings("\n"));
        Assert.Contains("copy", output);
        Assert.Null(_ran);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_every_command_and_exits_0(string word)
    {
        var (code, output, _) = await RunAsync(word);

        Assert.Equal(0, code);
        Assert.Contains("copy", output);
        Assert.Contains("Copies one item.", output);
        Assert.Contains("--version", output);
        Assert.DoesNotMatch(@"\n  help ", output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("copy", "--help")]
    [InlineData("copy", "-h")]
    [InlineData("help", "copy")]
    public async Task A_commands_help_lists_every_option_and_argument_it_defines(params string[] args)
    {
        var (code, output, _) = await RunAsync(args);

        Assert.Equal(0, code);
        Assert.Contains("--from <source> (REQUIRED)", output);
        foreach (var symbol in new[] { "--to <target>", "--tag <tag> (REQUIRED)", "--dry-run", "<item>", "The item to copy." })
        {
            Assert.Contains(symbol, output);
        }

        Assert.Null(_ran);
    }

    [Fact]
    public async Task The_version_is_the_programs_name_and_version()
    {
        var (code, output, _) = await RunAsync("--version");

        Assert.Equal((0, "tool 1.2.3\n"), (code, output.ReplaceLineEndings("\n")));
    }

    [Theory]
    [InlineData("copy: unknown option '--bogus'", "copy", "--from", "a", "--tag", "t", "item", "--bogus")]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("copy: unexpected argument 'extra'", "copy", "--from", "a", "--tag", "t", "item", "extra")]
    [InlineData("copy: unexpected argument 'true'", "copy", "--from", "a", "--tag", "t", "item", "--dry-run", "true")]
    [InlineData("copy: --to needs a value", "copy", "--from", "a", "--tag", "t", "item", "--to")]
    [InlineData("copy: --to has an empty value", "copy", "--from", "a", "--tag", "t", "item", "--to", "")]
    [InlineData("copy: --tag has an empty value", "copy", "--from", "a", "--tag", "", "item")]
    [InlineData("copy: --from is required", "copy", "--tag", "t", "item")]
    [InlineData("copy: at least one --tag is required", "copy", "--from", "a", "item")]
    [InlineData("copy: --from given 2 times", "copy", "--from", "a", "--from", "b", "--tag", "t", "item")]
    [InlineData("copy: <item> is required", "copy", "--from", "a", "--tag", "t")]
    [InlineData("copy: item 'nothing' not found", "copy", "--from", "a", "--tag", "t", "nothing")]
    [InlineData("queue: name a command: add", "queue")]
    [InlineData("queue: unknown command 'drop'", "queue", "drop")]
    public async Task Bad_input_is_named_on_stderr_with_the_help_after_it_and_exits_2(string expected, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = error.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"tool: {expected}", lines[0]);
        Assert.Contains("Usage:", error);
        Assert.Null(_ran);
    }

    [Fact]
    public async Task An_argument_that_starts_with_at_is_a_value_not_a_response_file()
    {
        var (code, _, _) = await RunAsync("copy", "--from", "@missing-file", "--tag", "t", "item");

        Assert.Equal(7, code);
        Assert.StartsWith("from=@missing-file ", _ran);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program().RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private CliProgram Program()
    {
        var from = CliOptions.Value("--from", "source", "Where from.", required: true);
        var to = CliOptions.Value("--to", "target", "Where to.");
        var tags = CliOptions.Repeated("--tag", "tag", "A tag; one --tag per tag.", required: true);
        var dryRun = CliOptions.Flag("--dry-run", "Change nothing.");
        var item = new Argument<string>("item") { Description = "The item to copy." };
        var copy = new Command("copy", "Copies one item.") { from, to, tags, dryRun, item };
        copy.SetAction(result =>
        {
            if (result.GetValue(item) == "nothing")
            {
                throw new UsageException("copy: item 'nothing' not found");
            }

            _ran = $"from={result.GetValue(from)} to={result.GetValue(to)} tags={string.Join(',', result.GetValue(tags) ?? [])} dry-run={result.GetValue(dryRun)} item={result.GetValue(item)}";
            return 7;
        });
        var add = new Command("add", "Adds one.");
        add.SetAction(_ => 0);
        return new CliProgram("tool", "1.2.3", new RootCommand("A tool.") { copy, new Command("queue", "A queue.") { add } });
    }
}
