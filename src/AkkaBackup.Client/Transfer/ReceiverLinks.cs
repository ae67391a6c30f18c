using Akka.Actor;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Remoting;

namespace AkkaBackup.Client.Transfer;

/// <summary>One <see cref="ReceiverLink"/> per receiver a run goes to, made the first time; making one admits that receiver in the <see cref="ReceiverDirectory"/>.</summary>
public sealed class ReceiverLinks(ActorSystem system, TlsIdentity tls, ReceiverDirectory directory, ConnectionFailures failures)
{
    private readonly Dictionary<string, ReceiverLink> _links = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _lock = new();

    public ReceiverLink For(TargetSettings target)
    {
        var path = target.GatewayPath;
        lock (_lock)
        {
            if (_links.TryGetValue(path, out var link) && link.Target.ExpectedName == target.ExpectedName)
            {
                return link;
            }

            directory.Admit(target);
            var gateway = ((ExtendedActorSystem)system).Provider.ResolveActorRef(path);
            _links[path] = link = new ReceiverLink(gateway, target, tls, failures);
            return link;
        }
    }
}
