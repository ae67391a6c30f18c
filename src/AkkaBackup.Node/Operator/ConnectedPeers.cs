using Akka.Actor;
using Akka.Event;
using Akka.Remote;

namespace AkkaBackup.Node.Operator;

/// <summary>
/// <c>/user/connected-peers</c>: the Akka.Remote addresses associated with this node right now (clients, and
/// consoles while they are connected), from the remoting lifecycle events. Answers <see cref="List"/> with
/// <see cref="Peers"/>.
/// </summary>
public sealed class ConnectedPeers : ReceiveActor
{
    public const string Name = "connected-peers";

    private readonly Dictionary<Address, DateTimeOffset> _since = [];

    public ConnectedPeers()
    {
        Receive<AssociatedEvent>(e => _since.TryAdd(e.RemoteAddress, DateTimeOffset.UtcNow));
        Receive<DisassociatedEvent>(e => _since.Remove(e.RemoteAddress));
        Receive<List>(_ => Sender.Tell(new Peers(_since.Select(p => new Peer(p.Key.ToString(), p.Value)).OrderBy(p => p.Since).ToList())));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ConnectedPeers());

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe<AssociatedEvent>(Self);
        Context.System.EventStream.Subscribe<DisassociatedEvent>(Self);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public sealed class List
    {
        public static readonly List Instance = new();

        private List()
        {
        }
    }

    public sealed record Peer(string Address, DateTimeOffset Since);

    public sealed record Peers(IReadOnlyList<Peer> Connected);
}
