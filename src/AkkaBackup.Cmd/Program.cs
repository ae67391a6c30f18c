using System.Security.Authentication;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Cmd;

/// <summary>
/// <c>abk [--config F] &lt;host:port&gt; &lt;palette&gt; &lt;command&gt; [args] [--json]</c>: one command on a node's
/// console endpoint; <c>abk [--config F] &lt;host:port&gt;</c> alone reads commands line by line (interactive mode).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await AbkCommandLine.Create(RunAsync).RunAsync(args);
        }
        catch (Exception e) when (e is ConfigurationException or AuthenticationException)
        {
            Console.Error.WriteLine($"abk: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(string? configOption, string hostPort, IReadOnlyList<string> words)
    {
        await using var system = ConsoleSystem.Start(ConsoleSystem.ConfigPath(configOption));
        return words.Count > 0 ? await system.RunAsync(hostPort, SecretsFromStdin([.. words])) : await InteractiveAsync(system, hostPort);
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
