using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AkkaBackup.TestSupport;

/// <summary>
/// A loopback TCP forwarder that can cut every connection and refuse new ones for a while (a network outage on
/// demand), and can cut each new connection after a set number of bytes crossed it in either direction: a peer
/// that dies in the middle of a TLS handshake, at exactly the byte a test chooses.
/// </summary>
public sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _pairs = new();
    private DateTimeOffset _refuseUntil = DateTimeOffset.MinValue;
    private int _connections;

    public TcpCutProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    public int Cuts { get; private set; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// When set, each connection accepted from now on is closed (both ends) once this many bytes crossed it, the
    /// two directions counted together; null forwards everything.
    /// </summary>
    public long? CloseAfterBytes { get; set; }

    /// <summary>Closes every open connection now and refuses new ones for <paramref name="outage"/>.</summary>
    public void Cut(TimeSpan outage)
    {
        _refuseUntil = DateTimeOffset.UtcNow + outage;
        Cuts++;
        foreach (var (a, b) in _pairs)
        {
            a.Dispose();
            b.Dispose();
        }

        _pairs.Clear();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            if (DateTimeOffset.UtcNow < _refuseUntil)
            {
                inbound.Dispose();
                continue;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            _pairs[inbound] = outbound;
            var budget = new Budget(CloseAfterBytes);
            _ = PumpAsync(inbound, outbound, budget);
            _ = PumpAsync(outbound, inbound, budget);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, Budget budget)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                var allowed = budget.Take(read);
                await target.WriteAsync(buffer.AsMemory(0, allowed), _stop.Token);
                if (allowed < read || budget.Spent)
                {
                    break;
                }
            }
        }
        catch (Exception)
        {
            // A cut or the other side closing: both ends go.
        }

        _pairs.TryRemove(from, out _);
        _pairs.TryRemove(to, out _);
        from.Dispose();
        to.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut(TimeSpan.Zero);
        return ValueTask.CompletedTask;
    }

    /// <summary>The bytes one connection may still carry, both directions together.</summary>
    private sealed class Budget(long? bytes)
    {
        private long _left = bytes ?? long.MaxValue;

        public bool Spent => Interlocked.Read(ref _left) <= 0;

        public int Take(int wanted)
        {
            while (true)
            {
                var left = Interlocked.Read(ref _left);
                var taken = (int)Math.Min(wanted, Math.Max(left, 0));
                if (Interlocked.CompareExchange(ref _left, left - taken, left) == left)
                {
                    return taken;
                }
            }
        }
    }
}
