namespace AkkaBackup.Protocol.Messages;

/// <summary>Marker for the messages between the <c>abk</c> console and a node's ConsoleEndpoint; bound to <c>ConsoleSerializer</c>.</summary>
public interface IConsoleMessage;

/// <summary>
/// The console's side is thin, the way pbm's is: it sends the words an operator typed after
/// <c>abk &lt;host:port&gt;</c>; the node parses them, runs the command and streams the output back.
/// Both sides receive each other's messages as <see cref="FromPeer"/>, with the CN of the other's certificate.
/// </summary>
public static class ConsoleProtocol
{
    /// <summary>The console's first message: is there a console endpoint, and which node (by certificate) answers.</summary>
    public sealed class ConsoleHello : IConsoleMessage
    {
        public static readonly ConsoleHello Instance = new();

        private ConsoleHello()
        {
        }
    }

    /// <summary>The node's answer to <see cref="ConsoleHello"/>.</summary>
    public sealed record ConsoleWelcome(string NodeVersion) : IConsoleMessage;

    /// <summary>
    /// One command, e.g. <c>["backup", "watch", "2026…", "--json"]</c>. Answered with output pieces, then <see cref="ConsoleDone"/>.
    /// <paramref name="Certificate"/> (DER) is the console's; <paramref name="Signature"/> is made with its key over the
    /// words, <paramref name="RequestId"/>, <paramref name="IssuedAtUnixMs"/> and <paramref name="NodeName"/> (see
    /// <c>RequestSignature</c>). The node runs it only for a console named in its <c>akkabackup.console.allowed</c>
    /// whose certificate is also the one of the connection, and only when <paramref name="NodeName"/> is its own name
    /// (the CN the console saw on the node's certificate), so a request cannot be replayed to another node.
    /// </summary>
    public sealed record ConsoleRequest(IReadOnlyList<string> Words, string RequestId, long IssuedAtUnixMs, string NodeName, byte[] Certificate, byte[] Signature)
        : IConsoleMessage
    {
        /// <summary>Safe to log: the words may hold a password, so only their count.</summary>
        public override string ToString() => $"ConsoleRequest({Words.Count} words, id {RequestId}, for {NodeName})";
    }

    /// <summary>A piece of the command's output, in order; <paramref name="Error"/> pieces go to stderr.</summary>
    public sealed record ConsoleOutput(string Text, bool Error) : IConsoleMessage;

    /// <summary>The command is over: 0 done, 1 failed, 2 bad arguments, 3 a run failed and its server is down.</summary>
    public sealed record ConsoleDone(int ExitCode) : IConsoleMessage;

    /// <summary>Longest text one <see cref="ConsoleOutput"/> carries; longer output is sent in pieces.</summary>
    public const int MaxPieceChars = 16 * 1024;
}
