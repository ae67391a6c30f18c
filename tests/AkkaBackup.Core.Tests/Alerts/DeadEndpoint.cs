using System.Net;
using System.Net.Sockets;

namespace AkkaBackup.Core.Tests.Alerts;

/// <summary>
/// A loopback port that refuses every connection: bound, so no concurrent test can start listening on
/// it, but not listening. Unlike a port that was merely free a moment ago, it stays dead.
/// </summary>
public sealed class DeadEndpoint : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DeadEndpoint() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public void Dispose() => _socket.Dispose();
}
