using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// One ClusterClient per receiver a run has gone to, made the first time a run needs it: the node's HOCON
/// receiver and every target of its store. Making one also admits that receiver's certificate name on the
/// node's Akka.Remote (<paramref name="remotePeers"/>), so a target added from the console needs no restart.
/// </summary>
public sealed class ReceiverClients(ActorSystem system, TlsIdentity tls, PeerNames remotePeers)
{
    private readonly Dictionary<string, IActorRef> _clients = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>The ClusterClient to <paramref name="target"/>'s receptionist.</summary>
    public IActorRef For(TargetSettings target)
    {
        lock (_lock)
        {
            if (_clients.TryGetValue(target.ReceptionistPath, out var client))
            {
                return client;
            }

            remotePeers.Add(target.ExpectedName);
            var contacts = ImmutableHashSet.Create(ActorPath.Parse(target.ReceptionistPath));
            client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), ActorName(target));
            _clients[target.ReceptionistPath] = client;
            return client;
        }
    }

    /// <summary>The data plane accepts only the receiver the target names.</summary>
    public PeerCertificateValidator Validator(TargetSettings target) => new(tls.TrustedCa, [target.ExpectedName]);

    // Stable per address, and valid as an actor name whatever the host is.
    private static string ActorName(TargetSettings target) =>
        "receiver-client-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target.ReceptionistPath)))[..16];
}
