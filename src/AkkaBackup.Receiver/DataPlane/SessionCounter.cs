namespace AkkaBackup.Receiver.DataPlane;

/// <summary>
/// How many data-plane connections are open, in all (counted from accept, before TLS) and per client (from the
/// moment its certificate is known), against <c>data-plane.max-sessions</c> and <c>max-sessions-per-client</c>.
/// </summary>
public sealed class SessionCounter(int maxSessions, int maxPerClient)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>A connection was accepted; false (and not counted) when the node already holds the maximum.</summary>
    public bool TryAccept()
    {
        lock (_lock)
        {
            if (_total >= maxSessions)
            {
                return false;
            }

            _total++;
            return true;
        }
    }

    /// <summary>The accepted connection is <paramref name="client"/>'s; false (and not counted for it) when that client is at its cap.</summary>
    public bool Admit(string client)
    {
        lock (_lock)
        {
            var count = _perClient.GetValueOrDefault(client);
            if (count >= maxPerClient)
            {
                return false;
            }

            _perClient[client] = count + 1;
            return true;
        }
    }

    /// <summary>An accepted connection closed; <paramref name="admittedClient"/> is the client it was admitted for, if any.</summary>
    public void Ended(string? admittedClient)
    {
        lock (_lock)
        {
            _total--;
            if (admittedClient is not null && _perClient.TryGetValue(admittedClient, out var count))
            {
                if (count <= 1)
                {
                    _perClient.Remove(admittedClient);
                }
                else
                {
                    _perClient[admittedClient] = count - 1;
                }
            }
        }
    }
}
