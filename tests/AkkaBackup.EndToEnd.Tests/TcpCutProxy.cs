using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>A loopback TCP forwarder that can cut every connection and refuse new ones for a while: a network outage on demand.</summary>
public sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _pairs = new();
    private DateTimeOffset _refuseUntil = DateTimeOffset.MinValue;

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
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception)
        {
            // A cut or the other side closing: both ends go.
        }

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
}
