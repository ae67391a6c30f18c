using Akka.Actor;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Store;

namespace AkkaBackup.Node.Operator;

/// <summary>The node a console command runs on.</summary>
public abstract record ConsoleContext(ActorSystem System, string NodeName, DateTimeOffset StartedAt);

/// <summary>A client node: its store, RunManager, Scheduler and the RunLogWriter that writes the store's run log.</summary>
public sealed record ClientConsole(ActorSystem System, string NodeName, DateTimeOffset StartedAt, NodeStore Store, IActorRef Runs, IActorRef Scheduler, IActorRef RunLog, string StagingDirectory)
    : ConsoleContext(System, NodeName, StartedAt);

/// <summary>A receiver node: its store directory and partial transfers, its gateway (active and waiting transfers), and who is connected.</summary>
public sealed record ReceiverConsole(
    ActorSystem System, string NodeName, DateTimeOffset StartedAt, ReceiverSettings Settings, RetentionSettings Retention, IActorRef Peers, IActorRef Gateway)
    : ConsoleContext(System, NodeName, StartedAt);
