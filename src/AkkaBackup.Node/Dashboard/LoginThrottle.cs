using System.Collections.Concurrent;

namespace AkkaBackup.Node.Dashboard;

/// <summary><c>akkabackup.dashboard.login-limit</c>: after <paramref name="MaxFailures"/> failed logins from one address within <paramref name="Window"/>, that address is refused for a window.</summary>
public sealed record LoginLimit(int MaxFailures, TimeSpan Window);

/// <summary>
/// Failed dashboard logins per remote address. Once an address has failed <see cref="LoginLimit.MaxFailures"/> times
/// within the window, its logins are not even checked until a window has passed (the episode); then it starts afresh.
/// A successful login forgets the address's failures. Other addresses are never affected.
/// </summary>
public sealed class LoginThrottle(LoginLimit limit, TimeProvider clock)
{
    /// <summary>Above this many addresses, the ones with nothing recent are swept out, so that many addresses cannot fill memory.</summary>
    private const int SweepAbove = 1024;

    private readonly ConcurrentDictionary<string, Attempts> _byAddress = new(StringComparer.Ordinal);

    public LoginLimit Limit => limit;

    /// <summary>How long the address must wait before its next login is looked at; null when it may log in now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!_byAddress.TryGetValue(address, out var attempts))
        {
            return null;
        }

        lock (attempts)
        {
            var now = clock.GetUtcNow();
            if (attempts.BlockedUntil is { } until && until > now)
            {
                return until - now;
            }

            if (attempts.BlockedUntil is not null)
            {
                _byAddress.TryRemove(address, out _);
            }

            return null;
        }
    }

    /// <summary>Counts a failed login; true when this failure starts an episode (the moment to say so in the log, once).</summary>
    public bool Failed(string address)
    {
        var now = clock.GetUtcNow();
        if (_byAddress.Count > SweepAbove)
        {
            Sweep(now);
        }

        var attempts = _byAddress.GetOrAdd(address, _ => new Attempts());
        lock (attempts)
        {
            while (attempts.Failures.TryPeek(out var oldest) && oldest <= now - limit.Window)
            {
                attempts.Failures.Dequeue();
            }

            attempts.Failures.Enqueue(now);
            if (attempts.BlockedUntil is null && attempts.Failures.Count >= limit.MaxFailures)
            {
                attempts.BlockedUntil = now + limit.Window;
                return true;
            }

            return false;
        }
    }

    public void Succeeded(string address) => _byAddress.TryRemove(address, out _);

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, attempts) in _byAddress)
        {
            lock (attempts)
            {
                var stale = attempts.BlockedUntil is { } until ? until <= now : !attempts.Failures.Any(f => f > now - limit.Window);
                if (stale)
                {
                    _byAddress.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class Attempts
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset? BlockedUntil { get; set; }
    }
}
