namespace AkkaBackup.Protocol.Messages;

/// <summary>Marker for the messages between the <c>abk</c> console and a node's ConsoleEndpoint; bound to <c>ConsoleSerializer</c>.</summary>
public interface IConsoleMessage;

/// <summary>
/// The console's side is thin, the way pbm's is: it sends the words an operator typed after
/// <c>abk &lt;host:port&gt;</c>; the node parses them, runs the command and streams the output back.
/// </summary>
public static class ConsoleProtocol
{
    /// <summary>One command, e.g. <c>["backup", "watch", "2026…", "--json"]</c>. Answered with output pieces, then <see cref="ConsoleDone"/>.</summary>
    public sealed record ConsoleRequest(IReadOnlyList<string> Words) : IConsoleMessage;

    /// <summary>A piece of the command's output, in order; <paramref name="Error"/> pieces go to stderr.</summary>
    public sealed record ConsoleOutput(string Text, bool Error) : IConsoleMessage;

    /// <summary>The command is over: 0 done, 1 failed, 2 bad arguments, 3 a run failed and its server is down.</summary>
    public sealed record ConsoleDone(int ExitCode) : IConsoleMessage;

    /// <summary>Longest text one <see cref="ConsoleOutput"/> carries; longer output is sent in pieces.</summary>
    public const int MaxPieceChars = 16 * 1024;
}
