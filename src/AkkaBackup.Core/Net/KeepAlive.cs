using System.Net.Sockets;

namespace AkkaBackup.Core.Net;

/// <summary>TCP keepalive for the nodes' long-lived connections: a peer that vanished without a FIN (power loss, a cut cable) is noticed within about a minute.</summary>
public static class KeepAlive
{
    public static void Apply(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }
}
