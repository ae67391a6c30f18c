using Akka.Actor;
using AkkaBackup.Node.Operator;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Node.Dashboard;

/// <summary>What the dashboard reads, the same the receiver's console reads: the catalog, the store's retention, the gateway's live transfers.</summary>
public sealed record DashboardSources(string NodeName, ReceiverSettings Settings, RetentionSettings Retention, FleetConsole Fleet, IActorRef Gateway)
{
    /// <summary><c>/user/drills</c>, which runs the drills operators ask for; null on a node without it.</summary>
    public IActorRef? Drills { get; init; }
}
