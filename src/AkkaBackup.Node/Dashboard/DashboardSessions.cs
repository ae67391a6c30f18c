using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// Logins to the dashboard: a token presented once is checked against the configured hashes in constant time and
/// exchanged for a random session id (the cookie). Sessions live in memory only: a restart logs everybody out.
/// </summary>
public sealed class DashboardSessions(IReadOnlyList<DashboardToken> tokens, TimeSpan lifetime, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new session for the login whose token this is; null for a wrong token.</summary>
    public DashboardSession? LogIn(string token)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        DashboardToken? match = null;

        // Every hash is compared, each in constant time, so the time taken says nothing about which came close.
        foreach (var t in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, t.Sha256))
            {
                match = t;
            }
        }

        if (match is null)
        {
            return null;
        }

        Sweep();
        var session = new DashboardSession(Random(), match.Name, match.Role, clock.GetUtcNow() + lifetime, Random());
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session with this id, or null (unknown, or expired).</summary>
    public DashboardSession? Find(string? id)
    {
        if (id is null || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.Expires > clock.GetUtcNow())
        {
            return session;
        }

        _sessions.TryRemove(id, out _);
        return null;
    }

    public void LogOut(string id) => _sessions.TryRemove(id, out _);

    private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var expired in _sessions.Values.Where(s => s.Expires <= now).ToList())
        {
            _sessions.TryRemove(expired.Id, out _);
        }
    }
}

/// <summary>
/// One logged-in browser: who (the token's name), in what role, until when. <paramref name="Csrf"/> is the session's
/// anti-forgery token: served in the page (never in a cookie), and required in the <c>X-ABK-CSRF</c> header of every action.
/// </summary>
public sealed record DashboardSession(string Id, string Name, DashboardRole Role, DateTimeOffset Expires, string Csrf);
