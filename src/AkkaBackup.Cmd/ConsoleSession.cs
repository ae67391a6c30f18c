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
public sealed class ConsoleSession : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FailureCheck = TimeSpan.FromMilliseconds(250);

    private readonly TaskCompletionSource<int> _done;
    private Address? _node;

    public ConsoleSession(IActorRef endpoint, string hostPort, Func<string, ConsoleRequest> sign, ConnectionFailures failures, TaskCompletionSource<int> done)
    {
        _done = done;
        var asked = DateTimeOffset.UtcNow;
        var (host, port) = Endpoint(hostPort);
        Receive<FromPeer>(m => m.Message is ConsoleWelcome, welcome =>
        {
            SetReceiveTimeout(null);
            Timers.Cancel("failures");
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
        Receive<ReceiveTimeout>(_ => Finish(1, $"abk: no answer from {hostPort} within {HelloTimeout.TotalSeconds:0} s: " + (failures.Since(host, port, asked) ??
            "node down, wrong host:port, not a node with a console (a receiver, or a client node started with `akkabackup client`), " +
            "or this console is not allowed there (its certificate CN must be in the node's akkabackup.console.allowed)")));

        // The connection failed (refused, or the node refused this certificate): no need to wait out the timeout.
        Receive<CheckFailures>(_ =>
        {
            if (failures.Since(host, port, asked) is { } why)
            {
                Finish(1, $"abk: cannot reach {hostPort}: {why}");
            }
        });
        Receive<DisassociatedEvent>(e => e.RemoteAddress.Equals(_node), _ => Finish(1, "abk: the node went away before the command finished"));
        Receive<DisassociatedEvent>(_ => { });
        endpoint.Tell(ConsoleHello.Instance);
        SetReceiveTimeout(HelloTimeout);
        Timers.StartPeriodicTimer("failures", CheckFailures.Instance, FailureCheck);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private static (string Host, int Port) Endpoint(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        return colon > 0 && int.TryParse(hostPort[(colon + 1)..], out var port) ? (hostPort[..colon], port) : (hostPort, 0);
    }

    public static Props Props(IActorRef endpoint, string hostPort, Func<string, ConsoleRequest> sign, ConnectionFailures failures, TaskCompletionSource<int> done) =>
        Akka.Actor.Props.Create(() => new ConsoleSession(endpoint, hostPort, sign, failures, done));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private sealed class CheckFailures
    {
        public static readonly CheckFailures Instance = new();

        private CheckFailures()
        {
        }
    }

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
