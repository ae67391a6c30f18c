using Akka.Actor;

namespace AkkaBackup.Remoting.Firewall;

/// <summary>
/// Which certificate holds each Akka address right now. A peer names its own address in the Akka handshake
/// and every message it sends carries it as the sender; Akka.Remote keys its connections by that address, so a
/// peer that claimed another node's address could take over or quarantine that node's connection. An address
/// is held by the certificate of the first live connection that claimed it; another certificate is refused
/// until every connection of the holder closed.
/// </summary>
public sealed class OriginBindings
{
    private readonly Dictionary<Address, (string Peer, int Connections)> _held = [];
    private readonly object _lock = new();

    /// <summary>Null when <paramref name="peer"/> may use <paramref name="origin"/>; otherwise the name of the holder.</summary>
    public string? TryBind(Address origin, string peer)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(origin, out var held))
            {
                if (held.Peer != peer)
                {
                    return held.Peer;
                }

                _held[origin] = held with { Connections = held.Connections + 1 };
                return null;
            }

            _held[origin] = (peer, 1);
            return null;
        }
    }

    public void Release(Address origin)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(origin, out var held))
            {
                if (held.Connections <= 1)
                {
                    _held.Remove(origin);
                }
                else
                {
                    _held[origin] = held with { Connections = held.Connections - 1 };
                }
            }
        }
    }
}
