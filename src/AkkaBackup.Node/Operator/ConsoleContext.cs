using Akka.Actor;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Store;

namespace AkkaBackup.Node.Operator;

/// <summary>The node a console command runs on.</summary>
public abstract record ConsoleContext(ActorSystem System, string NodeName, DateTimeOffset StartedAt);

/// <summary>A client node: its store, RunManager, Scheduler and the RunLogWriter that writes the store's run log.</summary>
public sealed record ClientConsole(ActorSystem System, string NodeName, DateTimeOffset StartedAt, NodeStore Store, IActorRef Runs, IActorRef Scheduler, IActorRef RunLog, string StagingDirectory)
    : ConsoleContext(System, NodeName, StartedAt);

/// <summary>
/// A receiver node: its store directory and partial transfers, its gateway (active and waiting transfers), who is
/// connected, and its fleet catalog.
/// </summary>
public sealed record ReceiverConsole(
    ActorSystem System, string NodeName, DateTimeOffset StartedAt, ReceiverSettings Settings, RetentionSettings Retention, IActorRef Peers, IActorRef Gateway, FleetConsole Fleet)
    : ConsoleContext(System, NodeName, StartedAt);

/// <summary>The receiver's fleet catalog and the dead man's switch's settings, as the console reads them.</summary>
public sealed record FleetConsole(CatalogOpener Catalog, OverdueSettings Overdue);
