namespace AkkaBackup.Protocol.Messages;

/// <summary>Marker for the messages between the <c>abk</c> console and a node's ConsoleEndpoint; bound to <c>ConsoleSerializer</c>.</summary>
public interface IConsoleMessage;

/// <summary>
/// The console's side is thin, the way pbm's is: it sends the words an operator typed after
/// <c>abk &lt;host:port&gt;</c>; the node parses them, runs the command and streams the output back.
/// </summary>
public static class ConsoleProtocol
{
    /// <summary>
    /// One command, e.g. <c>["backup", "watch", "2026…", "--json"]</c>. Answered with output pieces, then <see cref="ConsoleDone"/>.
    /// <paramref name="Certificate"/> (DER) is the console's; <paramref name="Signature"/> is made with its key over the
    /// words, <paramref name="RequestId"/> and <paramref name="IssuedAtUnixMs"/> (see <c>RequestSignature</c>): the node
    /// runs the command only for a console named in its <c>akkabackup.console.allowed</c>.
    /// </summary>
    public sealed record ConsoleRequest(IReadOnlyList<string> Words, string RequestId = "", long IssuedAtUnixMs = 0, byte[]? Certificate = null, byte[]? Signature = null)
        : IConsoleMessage
    {
        /// <summary>Safe to log: the words may hold a password, so only their count.</summary>
        public override string ToString() => $"ConsoleRequest({Words.Count} words, id {RequestId})";
    }

    /// <summary>A piece of the command's output, in order; <paramref name="Error"/> pieces go to stderr.</summary>
    public sealed record ConsoleOutput(string Text, bool Error) : IConsoleMessage;

    /// <summary>The command is over: 0 done, 1 failed, 2 bad arguments, 3 a run failed and its server is down.</summary>
    public sealed record ConsoleDone(int ExitCode) : IConsoleMessage;

    /// <summary>Longest text one <see cref="ConsoleOutput"/> carries; longer output is sent in pieces.</summary>
    public const int MaxPieceChars = 16 * 1024;
}
