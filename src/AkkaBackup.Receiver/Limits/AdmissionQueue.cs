using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Limits;

/// <summary>
/// Who may open a transfer now (no actors, no clock of its own: the gateway passes the time in).
/// A slot is held by a transfer from its opening until it is released (completed, failed, aborted,
/// expired) or, with no data-plane connection, until nothing was heard of it for the lease. Waiting
/// clients are kept in arrival order; a waiter is admitted when every earlier waiter that fits the caps
/// has its slot set aside, so a client at its own cap does not hold back the clients behind it.
/// </summary>
public sealed class AdmissionQueue(ReceiverLimits limits)
{
    /// <summary>Tickets one client may have waiting at once: a client cannot flood the queue ahead of the others.</summary>
    public const int MaxWaitingPerClient = 16;

    private readonly List<Waiter> _waiting = [];
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public int ActiveTransfers => _slots.Count;

    public IReadOnlyCollection<string> HeldTransfers => _slots.Keys;

    public IReadOnlyList<(string ClientId, string Ticket)> Waiting => _waiting.Select(w => (w.ClientId, w.Ticket)).ToList();

    /// <summary>Admits the ticket (removing it from the queue) or returns its 1-based place in the queue and why it waits.</summary>
    public AdmissionDecision Request(string ticket, string clientId, DateTimeOffset now)
    {
        var index = _waiting.FindIndex(w => w.Ticket == ticket && w.ClientId == clientId);
        if (index < 0 && _waiting.Count(w => w.ClientId == clientId) >= MaxWaitingPerClient)
        {
            return new AdmissionDecision(false, 0, "", $"client {clientId} already has {MaxWaitingPerClient} requests waiting for a transfer slot");
        }

        if (index < 0)
        {
            _waiting.Add(new Waiter(ticket, clientId, now));
            index = _waiting.Count - 1;
        }
        else
        {
            _waiting[index] = _waiting[index] with { LastSeen = now };
        }

        if (Admissible().Contains(index))
        {
            _waiting.RemoveAt(index);
            return AdmissionDecision.Admitted;
        }

        var perClient = ActiveFor(clientId);
        var reason = perClient >= limits.MaxTransfersPerClient
            ? $"client {clientId} already has {perClient} of max-transfers-per-client = {limits.MaxTransfersPerClient} transfers running"
            : $"{_slots.Count} of max-concurrent-transfers = {limits.MaxConcurrentTransfers} transfers running, {index} client(s) ahead";
        return new AdmissionDecision(false, index + 1, reason, null);
    }

    /// <summary>The transfer now holds a slot (a newly opened one, or a resumed one taking its slot back).</summary>
    public void Hold(string transferId, string clientId, DateTimeOffset now) =>
        _slots[transferId] = _slots.TryGetValue(transferId, out var slot) ? slot with { LastSeen = now } : new Slot(clientId, now, 0);

    public bool Holds(string transferId) => _slots.ContainsKey(transferId);

    public void Release(string transferId) => _slots.Remove(transferId);

    public void ConnectionOpened(string transferId, DateTimeOffset now)
    {
        if (_slots.TryGetValue(transferId, out var slot))
        {
            _slots[transferId] = slot with { Connections = slot.Connections + 1, LastSeen = now };
        }
    }

    public void ConnectionClosed(string transferId, DateTimeOffset now)
    {
        if (_slots.TryGetValue(transferId, out var slot))
        {
            _slots[transferId] = slot with { Connections = Math.Max(0, slot.Connections - 1), LastSeen = now };
        }
    }

    /// <summary>Drops waiters that stopped asking and frees slots of transfers idle without a connection; returns what it dropped.</summary>
    public Expired Expire(DateTimeOffset now)
    {
        var cutoff = now - limits.AdmissionLease;
        var waiters = _waiting.Where(w => w.LastSeen < cutoff).Select(w => (w.ClientId, w.Ticket)).ToList();
        _waiting.RemoveAll(w => w.LastSeen < cutoff);
        var slots = _slots.Where(s => s.Value.Connections == 0 && s.Value.LastSeen < cutoff).Select(s => (s.Value.ClientId, TransferId: s.Key)).ToList();
        foreach (var (_, transferId) in slots)
        {
            _slots.Remove(transferId);
        }

        return new Expired(waiters, slots);
    }

    private HashSet<int> Admissible()
    {
        var total = _slots.Count;
        var perClient = _slots.Values.GroupBy(s => s.ClientId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var admissible = new HashSet<int>();
        for (var i = 0; i < _waiting.Count && total < limits.MaxConcurrentTransfers; i++)
        {
            var client = _waiting[i].ClientId;
            var running = perClient.GetValueOrDefault(client);
            if (running < limits.MaxTransfersPerClient)
            {
                admissible.Add(i);
                perClient[client] = running + 1;
                total++;
            }
        }

        return admissible;
    }

    public int ActiveFor(string clientId) => _slots.Values.Count(s => s.ClientId == clientId);

    private sealed record Waiter(string Ticket, string ClientId, DateTimeOffset LastSeen);

    private sealed record Slot(string ClientId, DateTimeOffset LastSeen, int Connections);
}

/// <param name="Refusal">Set when the request is refused outright instead of queued.</param>
public sealed record AdmissionDecision(bool IsAdmitted, int Position, string Reason, string? Refusal)
{
    public static readonly AdmissionDecision Admitted = new(true, 0, "", null);
}

public sealed record Expired(IReadOnlyList<(string ClientId, string Ticket)> Waiters, IReadOnlyList<(string ClientId, string TransferId)> Slots);
