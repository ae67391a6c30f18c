using Akka.Actor;
using AkkaBackup.Store;

namespace AkkaBackup.Node.Operator;

/// <summary>What console commands on a client node work with.</summary>
/// <param name="Runs">The RunManager.</param>
/// <param name="Scheduler">The Scheduler, or Nobody on a one-shot command's node.</param>
public sealed record ConsoleContext(
    ActorSystem System, string NodeName, NodeStore Store, IActorRef Runs, IActorRef Scheduler, string StagingDirectory, DateTimeOffset StartedAt);
