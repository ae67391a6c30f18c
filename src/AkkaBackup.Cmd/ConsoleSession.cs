using Akka.Actor;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Cmd;

/// <summary>
/// One command sent to a node's <c>/user/console</c>: finds the endpoint, sends the words, prints the output
/// as it streams in, and completes with the exit code. A node that does not answer or goes away ends it with 1.
/// </summary>
public sealed class ConsoleSession : ReceiveActor
{
    private static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(15);

    public ConsoleSession(ActorSelection endpoint, ConsoleRequest request, TaskCompletionSource<int> done)
    {
        var address = endpoint.PathString;
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is not { } node)
            {
                Finish(done, $"abk: {address} has no console endpoint (is it a client node started with `akkabackup client`?)");
                return;
            }

            SetReceiveTimeout(null);
            Context.Watch(node);
            node.Tell(request);
        });
        Receive<ConsoleOutput>(output => (output.Error ? Console.Error : Console.Out).Write(output.Text));
        Receive<ConsoleDone>(d =>
        {
            done.TrySetResult(d.ExitCode);
            Context.Stop(Self);
        });
        Receive<ReceiveTimeout>(_ => Finish(done,
            $"abk: no answer from {endpoint.Anchor.Path.Address} within {IdentifyTimeout.TotalSeconds:0} s (node down, wrong host:port, or the TLS handshake was refused: " +
            "this console's certificate CN must be in the node's akkabackup.console.allowed)"));
        Receive<Terminated>(_ => Finish(done, "abk: the node went away before the command finished"));
        endpoint.Tell(new Identify("console"));
        SetReceiveTimeout(IdentifyTimeout);
    }

    public static Props Props(ActorSelection endpoint, ConsoleRequest request, TaskCompletionSource<int> done) =>
        Akka.Actor.Props.Create(() => new ConsoleSession(endpoint, request, done));

    private static void Finish(TaskCompletionSource<int> done, string message)
    {
        Console.Error.WriteLine(message);
        done.TrySetResult(1);
        Context.Stop(Context.Self);
    }
}
