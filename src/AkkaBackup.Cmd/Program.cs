using System.Security.Authentication;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Cmd;

/// <summary>
/// <c>abk [--config F] &lt;host:port&gt; &lt;palette&gt; &lt;command&gt; [args] [--json]</c>: one command on a node's
/// console endpoint; <c>abk [--config F] &lt;host:port&gt;</c> alone reads commands line by line (interactive mode).
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: abk [--config <abk.hocon>] <host:port> <palette> <command> [args] [--json]\n" +
        "       abk [--config <abk.hocon>] <host:port>            interactive: one command per line, `exit` to leave\n" +
        "       abk <host:port> help                              every command of the node\n" +
        "The config (default $ABK_CONFIG or ~/.config/akkabackup/abk.hocon) names this console's certificate.\n" +
        "--password - and --settings - read the value from stdin.";

    public static async Task<int> Main(string[] args)
    {
        var words = args.ToList();
        string? configOption = null;
        if (words.Count >= 2 && words[0] == "--config")
        {
            configOption = words[1];
            words.RemoveRange(0, 2);
        }

        if (words.Count == 0 || words[0] is "--help" or "-h" or "help")
        {
            Console.Out.WriteLine(Usage);
            return words.Count == 0 ? 2 : 0;
        }

        var hostPort = words[0];
        if (!hostPort.Contains(':', StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"abk: '{hostPort}' is not host:port\n{Usage}");
            return 2;
        }

        try
        {
            await using var system = ConsoleSystem.Start(ConsoleSystem.ConfigPath(configOption));
            return words.Count > 1 ? await system.RunAsync(hostPort, SecretsFromStdin(words.Skip(1).ToList())) : await InteractiveAsync(system, hostPort);
        }
        catch (Exception e) when (e is ConfigurationException or AuthenticationException)
        {
            Console.Error.WriteLine($"abk: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// <c>--password -</c> (or <c>--settings -</c>) reads the value from stdin, so it never shows in the process
    /// list or the shell's history: <c>read -s PW; echo "$PW" | abk … --password -</c>.
    /// </summary>
    private static List<string> SecretsFromStdin(List<string> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i] == "-" && words[i - 1] is "--password" or "--settings")
            {
                words[i] = Console.In.ReadLine() ?? "";
            }
        }

        return words;
    }

    private static async Task<int> InteractiveAsync(ConsoleSystem system, string hostPort)
    {
        var last = 0;
        while (true)
        {
            if (!Console.IsInputRedirected)
            {
                Console.Out.Write($"abk {hostPort}> ");
            }

            var line = Console.In.ReadLine();
            if (line is null || line.Trim() is "exit" or "quit")
            {
                return last;
            }

            var words = CommandLine.Split(line);
            if (words.Count > 0)
            {
                last = await system.RunAsync(hostPort, words);
            }
        }
    }
}
