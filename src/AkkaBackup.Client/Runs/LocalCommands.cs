using Akka.Actor;
using Akka.Event;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// The actors that stop database servers (the run manager, the scheduler) take commands from this node's own
/// actors only. Nothing of theirs has a wire format and the transport lets no such message in; this is the last
/// line should either ever change.
/// </summary>
public static class LocalCommands
{
    /// <summary>True (and logged) when <paramref name="sender"/> is not an actor of this node.</summary>
    public static bool Refused(IActorRef sender, object message, ILoggingAdapter log)
    {
        if (!sender.Path.Address.HasGlobalScope)
        {
            return false;
        }

        log.Warning("Refused {0} from {1}: this actor takes commands from this node's own actors only", message.GetType().Name, sender.Path);
        return true;
    }
}
