using AkkaBackup.Cmd;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary><c>abk</c>'s own arguments in process: its options before host:port, and the node's words passed on as typed.</summary>
public sealed class AbkCommandLineTests
{
    private (string? Config, string HostPort, IReadOnlyList<string> Words)? _ran;

    [Fact]
    public async Task Everything_after_host_port_goes_to_the_node_as_typed()
    {
        var (code, _, error) = await RunAsync("--config", "abk.hocon", "db1:4055", "config", "instance", "add", "x", "--password", "-", "--config", "y", "--json", "--help", "@z");

        Assert.Equal((0, ""), (code, error));
        Assert.Equal("abk.hocon", _ran?.Config);
        Assert.Equal("db1:4055", _ran?.HostPort);
        Assert.Equal(["config", "instance", "add", "x", "--password", "-", "--config", "y", "--json", "--help", "@z"], _ran?.Words);
    }

    [Fact]
    public async Task Host_port_alone_is_interactive_mode()
    {
        var (code, _, _) = await RunAsync("db1:4055");

        Assert.Equal(0, code);
        Assert.Equal((null, "db1:4055"), (_ran?.Config, _ran?.HostPort));
        Assert.Empty(_ran!.Value.Words);
    }

    [Fact]
    public async Task The_help_shows_the_options_and_positionals_and_exits_0()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var symbol in new[] { "--config <abk.hocon>", "<host:port>", "<command>", "--password -", "--version" })
        {
            Assert.Contains(symbol, output);
        }

        Assert.Contains("abk <host:port>", output);
        Assert.Null(_ran);
    }

    [Fact]
    public async Task The_version_is_printed_with_the_programs_name()
    {
        var (code, output, _) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^abk \d+\.\d+\.\d+$", output.Trim());
    }

    [Theory]
    [InlineData("abk: 'db1' is not host:port", "db1", "node", "status")]
    [InlineData("abk: --config needs a value", "--config")]
    [InlineData("abk: --config has an empty value", "--config", "", "db1:4055")]
    [InlineData("abk: <host:port> is required", "--config", "abk.hocon")]
    public async Task Bad_arguments_are_named_on_stderr_and_exit_2(string expected, params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith(expected + "\n", error.ReplaceLineEndings("\n"));
        Assert.Null(_ran);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var program = AbkCommandLine.Create((config, hostPort, words) =>
        {
            _ran = (config, hostPort, words);
            return Task.FromResult(0);
        });
        var code = await program.RunAsync(args, output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }
}
