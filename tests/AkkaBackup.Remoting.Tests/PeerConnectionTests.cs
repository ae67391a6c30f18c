using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Security;
using AkkaBackup.Remoting.Firewall;
using Google.Protobuf;

namespace AkkaBackup.Remoting.Tests;

/// <summary>One connection over real TLS on loopback, with a peer that stops reading.</summary>
public sealed class PeerConnectionTests(RemotingCertificates certs) : IClassFixture<RemotingCertificates>
{
    [Fact]
    public async Task A_peer_that_reads_nothing_of_what_is_queued_for_it_is_disconnected_instead_of_growing_akkas_buffer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptSocketAsync();
        var serverTls = TlsStreams.AuthenticateAsServerAsync(new NetworkStream(server, ownsSocket: false), certs.Identity("receiver"),
            new PeerCertificateValidator(certs.Identity("receiver").TrustedCa, null), CancellationToken.None);
        var (clientTls, _) = await TlsStreams.AuthenticateAsClientAsync(client.GetStream(), "localhost", certs.Identity("client-1"),
            new PeerCertificateValidator(certs.Identity("client-1").TrustedCa, null), CancellationToken.None);
        var (stream, peer) = await serverTls;
        await using var _ = clientTls;

        var closed = new TaskCompletionSource<string>();
        var settings = new TlsTransportSettings("127.0.0.1", 0, "", 0, 128_000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), 256, 8, 32, 8,
            MaxQueuedBytes: 1024 * 1024, StalledWriteTimeout: TimeSpan.FromSeconds(1));
        var firewall = new InboundFirewall(peer, new Address("akka.ssl.tcp", "akkabackup", "127.0.0.1", 1), PeerRules.None, new OriginBindings());
        var connection = new PeerConnection(server, stream, peer, outbound: false, "test", firewall, settings, NoLogger.Instance, (_, reason) => closed.TrySetResult(reason));

        // The client never reads: the socket buffers fill, then the queue, then writes are refused, then the peer goes.
        var payload = ByteString.CopyFrom(new byte[100_000]);
        var refused = 0;
        for (var i = 0; i < 2000 && !closed.Task.IsCompleted; i++)
        {
            if (!connection.Write(payload))
            {
                refused++;
                await Task.Delay(50);
            }
        }

        Assert.True(refused > 0, "the queue must fill");
        Assert.Equal("the peer stopped reading", await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(connection.Write(payload));
    }
}
