using System.Net;

namespace AkkaBackup.Core.Net;

/// <summary>
/// What a listener holds at once: connections in all, connections not yet authenticated (in all and from one
/// address, so one source cannot hold every handshake), and authenticated connections per peer certificate. A
/// connection takes a <see cref="Slot"/> when accepted and gives it back when it ends.
/// </summary>
public sealed class ConnectionLimits(int maxConnections, int maxPending, int maxPendingPerAddress, int maxPerPeer)
{
    private readonly object _lock = new();
    private readonly Dictionary<IPAddress, int> _pendingFrom = [];
    private readonly Dictionary<string, int> _perPeer = new(StringComparer.Ordinal);
    private int _total;
    private int _pending;

    public int MaxPerPeer => maxPerPeer;

    /// <summary>A slot for a connection just accepted from <paramref name="from"/>; null when a limit is reached.</summary>
    public Slot? TryOpen(IPAddress from)
    {
        lock (_lock)
        {
            var fromHere = _pendingFrom.GetValueOrDefault(from);
            if (_total >= maxConnections || _pending >= maxPending || fromHere >= maxPendingPerAddress)
            {
                return null;
            }

            _total++;
            _pending++;
            _pendingFrom[from] = fromHere + 1;
            return new Slot(this, from);
        }
    }

    /// <summary>One connection's place, from accept to close.</summary>
    public sealed class Slot(ConnectionLimits limits, IPAddress from) : IDisposable
    {
        private bool _pending = true;
        private string? _peer;
        private bool _released;

        /// <summary>The connection is <paramref name="peer"/>'s; false (and still counted as pending) when that peer holds its maximum.</summary>
        public bool Authenticated(string peer)
        {
            lock (limits._lock)
            {
                var count = limits._perPeer.GetValueOrDefault(peer);
                if (_released || count >= limits.MaxPerPeer)
                {
                    return false;
                }

                limits._perPeer[peer] = count + 1;
                _peer = peer;
                LeavePending();
                return true;
            }
        }

        public void Dispose()
        {
            lock (limits._lock)
            {
                if (_released)
                {
                    return;
                }

                _released = true;
                limits._total--;
                LeavePending();
                if (_peer is { } peer)
                {
                    Decrement(limits._perPeer, peer);
                }
            }
        }

        private void LeavePending()
        {
            if (_pending)
            {
                _pending = false;
                limits._pending--;
                Decrement(limits._pendingFrom, from);
            }
        }

        private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull
        {
            if (counts.TryGetValue(key, out var count) && count > 1)
            {
                counts[key] = count - 1;
            }
            else
            {
                counts.Remove(key);
            }
        }
    }
}
