using System.CommandLine;
using AkkaBackup.Core.Cli;

namespace AkkaBackup.Cmd;

/// <summary>
/// <c>abk</c>'s own arguments: <c>--config</c>, the node's <c>host:port</c>, and the command for the node. Everything
/// after <c>host:port</c> is the node's (its palettes, options and <c>--help</c> are the node's, so every node version
/// answers with its own commands) and is passed on as typed.
/// </summary>
public static class AbkCommandLine
{
    public delegate Task<int> Run(string? configOption, string hostPort, IReadOnlyList<string> words);

    public static CliProgram Create(Run run)
    {
        var config = CliOptions.Value("--config", "abk.hocon",
            "The console's configuration: its name and certificate (default: $ABK_CONFIG, else ~/.config/akkabackup/abk.hocon).");
        var hostPort = new Argument<string>("host:port") { Description = "The node's console endpoint, e.g. db1.example.org:4055." };
        hostPort.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !token.Value.Contains(':', StringComparison.Ordinal))
            {
                result.AddError($"'{token.Value}' is not host:port");
            }
        });
        var words = new Argument<string[]>("command")
        {
            Arity = ArgumentArity.ZeroOrMore,
            CaptureRemainingTokens = true,
            Description = """
                A palette, a command and its arguments for the node, e.g. `config instance list --json`, passed on as typed:
                `abk <host:port> help` lists the node's commands, `--help` after one shows its usage. Without a command abk
                reads commands line by line (`exit` leaves). `--password -` and `--settings -` read the value from stdin.
                """,
        };
        var root = new RootCommand("""
            abk — the operator's console: runs commands on a node's console endpoint over mutual TLS.
            abk's own options go before <host:port>; everything after it is the node's.
            """) { config, hostPort, words };
        root.SetAction(result => run(result.GetValue(config), result.GetRequiredValue(hostPort), result.GetValue(words) ?? []));
        return new CliProgram("abk", typeof(AbkCommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", root);
    }
}
