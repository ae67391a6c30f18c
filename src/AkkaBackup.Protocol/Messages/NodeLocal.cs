using Akka.Actor;
using Akka.Event;

namespace AkkaBackup.Protocol.Messages;

/// <summary>
/// For messages that only a node's own actors send (a run manager's commands, an assembler's grants, a
/// gateway's lookups): none of them has a wire format and the transport lets none in, and the actors that take
/// them check the sender too, should either ever change.
/// </summary>
public static class NodeLocal
{
    /// <summary>True (and logged) when <paramref name="sender"/> is an actor of another node.</summary>
    public static bool Refuses(IActorRef sender, object message, ILoggingAdapter log)
    {
        if (!sender.Path.Address.HasGlobalScope)
        {
            return false;
        }

        log.Warning("Refused {0} from {1}: it is for this node's own actors only", message.GetType().Name, sender.Path);
        return true;
    }
}
