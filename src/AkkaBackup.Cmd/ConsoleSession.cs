using Akka.Actor;
using Akka.Remote;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Remoting;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Cmd;

/// <summary>
/// One command sent to a node's <c>/user/console</c>: says hello, learns from the transport which node (by the
/// CN of its certificate) answered, sends the words signed for that node, prints the output as it streams in,
/// and completes with the exit code. A node that does not answer or goes away ends it with 1.
/// </summary>
public sealed class ConsoleSession : ReceiveActor
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(15);

    private readonly TaskCompletionSource<int> _done;
    private Address? _node;

    public ConsoleSession(IActorRef endpoint, string hostPort, Func<string, ConsoleRequest> sign, ConnectionFailures failures, TaskCompletionSource<int> done)
    {
        _done = done;
        var asked = DateTimeOffset.UtcNow;
        Receive<FromPeer>(m => m.Message is ConsoleWelcome, welcome =>
        {
            SetReceiveTimeout(null);
            _node = Sender.Path.Address;
            Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
            endpoint.Tell(sign(welcome.PeerName));
        });
        Receive<FromPeer>(m => m.Message is ConsoleOutput, m =>
        {
            var output = (ConsoleOutput)m.Message;
            (output.Error ? Console.Error : Console.Out).Write(output.Text);
        });
        Receive<FromPeer>(m => m.Message is ConsoleDone, m => Finish(((ConsoleDone)m.Message).ExitCode, null));
        Receive<ReceiveTimeout>(_ => Finish(1, $"abk: no answer from {hostPort} within {HelloTimeout.TotalSeconds:0} s: " + (Why(hostPort, failures, asked) ??
            "node down, wrong host:port, not a node with a console (a receiver, or a client node started with `akkabackup client`), " +
            "or this console is not allowed there (its certificate CN must be in the node's akkabackup.console.allowed)")));

        // The connection failed (refused, or the node refused this certificate): no need to wait out the timeout.
        Receive<AssociationErrorEvent>(e => _node is null && e.RemoteAddress.Equals(endpoint.Path.Address), e =>
            Finish(1, $"abk: cannot reach {hostPort}: {Why(hostPort, failures, asked) ?? e.Cause?.Message}"));
        Receive<AssociationErrorEvent>(_ => { });
        Receive<DisassociatedEvent>(e => e.RemoteAddress.Equals(_node), _ => Finish(1, "abk: the node went away before the command finished"));
        Receive<DisassociatedEvent>(_ => { });
        Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
        endpoint.Tell(ConsoleHello.Instance);
        SetReceiveTimeout(HelloTimeout);
    }

    private static string? Why(string hostPort, ConnectionFailures failures, DateTimeOffset since)
    {
        var parts = hostPort.Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], out var port) ? failures.Since(parts[0], port, since) : null;
    }

    public static Props Props(IActorRef endpoint, string hostPort, Func<string, ConsoleRequest> sign, ConnectionFailures failures, TaskCompletionSource<int> done) =>
        Akka.Actor.Props.Create(() => new ConsoleSession(endpoint, hostPort, sign, failures, done));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Finish(int code, string? message)
    {
        if (message is not null)
        {
            Console.Error.WriteLine(message);
        }

        _done.TrySetResult(code);
        Context.Stop(Self);
    }
}
