using Akka.Actor;
using Akka.Event;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Node.Operator;

/// <summary>
/// <c>/user/console</c>: takes commands from <c>abk</c> consoles (Akka.Remote, mutual TLS; the transport admits only
/// certificates listed in <c>akkabackup.console.allowed</c> to send here and stamps each request with the
/// connection's CN; each request is signed for this node by that certificate, see <see cref="ConsoleAuthenticator"/>).
/// Each command runs off the mailbox, so many consoles can work at once; its output streams back to the console,
/// then its exit code.
/// </summary>
public sealed class ConsoleEndpoint : ReceiveActor
{
    public const string Name = "console";

    public ConsoleEndpoint(ConsoleContext node, IReadOnlyList<ConsoleCommand> commands, ConsoleAuthenticator authenticator)
    {
        var log = Context.GetLogger();
        Receive<FromPeer>(m => m.Message is ConsoleHello, _ => Sender.Tell(new ConsoleWelcome(AkkaNode.Version)));
        Receive<FromPeer>(m => m.Message is ConsoleRequest, m =>
        {
            var request = (ConsoleRequest)m.Message;
            var console = Sender;
            var output = new ConsoleWriter(console, error: false);
            var errors = new ConsoleWriter(console, error: true);
            if (authenticator.Authenticate(m.PeerName, request, out var refusal) is not { } name)
            {
                // Nothing of the words is logged: they come from someone who is not a console.
                log.Warning("Console request from {0} refused: {1}", console.Path.Address, refusal);
                errors.WriteLine($"abk: the node refused the command: {refusal}");
                errors.Flush();
                console.Tell(new ConsoleDone(2));
                return;
            }

            log.Info("Console {0} ({1}): {2}", name, console.Path.Address, Loggable(request.Words));
            RunAsync(node, commands, request, output, errors, log).PipeTo(console, success: code => new ConsoleDone(code));
        });
    }

    public static Props Props(ConsoleContext node, IReadOnlyList<ConsoleCommand> commands, ConsoleAuthenticator authenticator) =>
        Akka.Actor.Props.Create(() => new ConsoleEndpoint(node, commands, authenticator));

    private static async Task<int> RunAsync(ConsoleContext node, IReadOnlyList<ConsoleCommand> commands, ConsoleRequest request, ConsoleWriter output, ConsoleWriter errors, ILoggingAdapter log)
    {
        int code;
        try
        {
            code = await ConsoleCommands.RunAsync(node, commands, request.Words, output, errors);
        }
        catch (Exception e)
        {
            log.Error(e, "Console command failed: {0}", Loggable(request.Words));
            errors.WriteLine($"abk: the command failed on the node: {e.Message}");
            code = 1;
        }

        output.Flush();
        errors.Flush();
        return code;
    }

    /// <summary>The command as the log shows it: a password or alert channel settings given on the command line are masked.</summary>
    public static string Loggable(IReadOnlyList<string> words) =>
        string.Join(' ', words.Select((word, i) =>
            i > 0 && words[i - 1] is "--password" or "--settings" ? Store.Secrets.Secret.Mask
            : word.StartsWith("--password=", StringComparison.Ordinal) || word.StartsWith("--settings=", StringComparison.Ordinal) ? word[..(word.IndexOf('=') + 1)] + Store.Secrets.Secret.Mask
            : word));
}
