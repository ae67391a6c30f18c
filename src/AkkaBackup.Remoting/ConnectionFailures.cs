using System.Collections.Concurrent;

namespace AkkaBackup.Remoting;

/// <summary>
/// The last reason a connection to (or from) each host:port failed or was closed, kept so that a request that
/// then times out can say why ("the receiver refused this node's certificate") instead of only "no answer".
/// </summary>
public sealed class ConnectionFailures
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string Reason)> _last = new(StringComparer.OrdinalIgnoreCase);

    public void Record(string host, int port, string reason) => _last[Key(host, port)] = (DateTimeOffset.UtcNow, reason);

    public void Clear(string host, int port) => _last.TryRemove(Key(host, port), out _);

    /// <summary>The last failure with <paramref name="host"/>:<paramref name="port"/> since <paramref name="since"/>, if any.</summary>
    public string? Since(string host, int port, DateTimeOffset since) =>
        _last.TryGetValue(Key(host, port), out var failure) && failure.At >= since ? failure.Reason : null;

    private static string Key(string host, int port) => $"{host}:{port}";
}
