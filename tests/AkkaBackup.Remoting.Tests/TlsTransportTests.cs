using Akka.Actor;
using AkkaBackup.TestSupport;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Remoting.Tests;

/// <summary>Two real actor systems over real TLS on loopback, talking through AkkaBackup's transport.</summary>
public sealed class TlsTransportTests(RemotingCertificates certs) : IClassFixture<RemotingCertificates>, IAsyncLifetime
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(15);

    private readonly List<ActorSystem> _systems = [];
    private readonly List<object> _received = [];

    [Fact]
    public async Task A_request_reaches_the_gateway_stamped_with_the_certificate_name_of_its_connection_and_the_answer_comes_back()
    {
        var receiver = StartReceiver(["client-1"]);
        var client = Track(RemoteNodes.Client(certs.Identity("client-1"), Port(receiver), "receiver", out _));

        var answer = await Gateway(client, receiver).Ask<ReceiverChecked>(new CheckReceiver(42), Answer);

        Assert.Equal("client-1", answer.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(700)]
    [InlineData(1500)]
    [InlineData(2500)]
    [InlineData(4000)]
    public async Task A_receiver_that_dies_in_the_middle_of_the_tls_handshake_costs_one_attempt_never_the_clients_actor_system(int bytes)
    {
        // The receiver listens behind the proxy and names the proxy's port as its own (public-port), as behind NAT.
        var port = FreePort.Next();
        await using var link = new TcpCutProxy(port) { CloseAfterBytes = bytes };
        var receiver = StartReceiver(["client-1"], port, link.Port);
        var client = Track(RemoteNodes.Client(certs.Identity("client-1"), link.Port, "receiver", out var transport));
        var gateway = RemoteNodes.Resolve(client, new Address("akka.ssl.tcp", "akkabackup", "127.0.0.1", link.Port), "/user/receiver");

        await Assert.ThrowsAsync<AskTimeoutException>(() => gateway.Ask<ReceiverChecked>(new CheckReceiver(1), TimeSpan.FromSeconds(3)));
        Assert.True(link.Connections > 0);
        Assert.False(client.WhenTerminated.IsCompleted, "the client's actor system must keep running");
        Assert.NotNull(transport.Failures.Since("127.0.0.1", link.Port, DateTimeOffset.UtcNow.AddMinutes(-1)));

        link.CloseAfterBytes = null;
        var answer = await Eventually(() => gateway.Ask<ReceiverChecked>(new CheckReceiver(1), TimeSpan.FromSeconds(2)));
        Assert.Equal("client-1", answer.Reason);
        Assert.False(receiver.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task A_client_the_receiver_does_not_admit_learns_why_and_keeps_running()
    {
        var receiver = StartReceiver(["client-1"]);
        var client = Track(RemoteNodes.Client(certs.Identity("client-2"), Port(receiver), "receiver", out var transport));

        await Assert.ThrowsAsync<AskTimeoutException>(() => Gateway(client, receiver).Ask<ReceiverChecked>(new CheckReceiver(1), TimeSpan.FromSeconds(5)));

        var why = transport.Failures.Since("127.0.0.1", Port(receiver), DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.NotNull(why);
        Assert.Contains("does not admit this certificate", why);
        Assert.False(client.WhenTerminated.IsCompleted);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task A_receiver_with_another_name_than_the_one_expected_is_refused_by_the_client()
    {
        var receiver = StartReceiver(["client-1"]);
        var client = Track(RemoteNodes.Client(certs.Identity("client-1"), Port(receiver), "receiver-b", out var transport));

        await Assert.ThrowsAsync<AskTimeoutException>(() => Gateway(client, receiver).Ask<ReceiverChecked>(new CheckReceiver(1), TimeSpan.FromSeconds(5)));

        Assert.Contains("certificate CN=receiver is not one of the allowed peers (receiver-b)", transport.Failures.Since("127.0.0.1", Port(receiver), DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Empty(_received);
    }

    [Fact]
    public async Task A_receiver_never_dials_out_so_a_peer_cannot_point_it_at_an_address_of_its_choosing()
    {
        var receiver = StartReceiver(["client-1"]);
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            var elsewhere = RemoteNodes.Resolve(receiver, new Address("akka.ssl.tcp", "akkabackup", "127.0.0.1", port), "/user/x");
            elsewhere.Tell(new TransferRefused("hello"));
            var accept = listener.AcceptTcpClientAsync();

            Assert.NotSame(accept, await Task.WhenAny(accept, Task.Delay(TimeSpan.FromSeconds(3))));
            Assert.False(receiver.WhenTerminated.IsCompleted);
        }
        finally
        {
            listener.Stop();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Task.WhenAll(_systems.Select(s => s.Terminate()));

    private ActorSystem StartReceiver(IReadOnlyCollection<string> clients, int port = 0, int publicPort = 0)
    {
        var receiver = Track(RemoteNodes.Receiver(certs.Identity("receiver"), clients, out _, port, publicPort));
        receiver.ActorOf(Props.Create(() => new EchoGateway(_received)), "receiver");
        return receiver;
    }

    private ActorSystem Track(ActorSystem system)
    {
        _systems.Add(system);
        return system;
    }

    private static int Port(ActorSystem system) => RemoteNodes.AddressOf(system).Port!.Value;


    private static IActorRef Gateway(ActorSystem client, ActorSystem receiver) => RemoteNodes.Resolve(client, RemoteNodes.AddressOf(receiver), "/user/receiver");

    private static async Task<T> Eventually<T>(Func<Task<T>> attempt)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }
}
