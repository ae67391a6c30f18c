using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Core.Tests.Security;

/// <summary>Real SslStreams over real loopback sockets, with certificates loaded from the files WriteFiles wrote.</summary>
public sealed class TlsStreamsTests(TestCertificates certs) : IClassFixture<TestCertificates>
{
    private static readonly string[] AllowedClients = ["client-1"];

    [Fact]
    public async Task Mutual_tls_succeeds_and_each_side_sees_the_other_by_name()
    {
        var outcome = await Connect(certs.Identity("ours", "receiver"), Client(certs.Identity("ours", "client-1"), "receiver"));

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal("client-1", outcome.ServerSaw);
        Assert.Equal("receiver", outcome.ClientSaw);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_with_the_same_name_is_refused()
    {
        var outcome = await Connect(certs.Identity("ours", "receiver"), Client(certs.Identity("theirs", "client-1"), "receiver"));

        AssertRefusedByServer(outcome, "certificate CN=client-1 (issuer CN=Test CA) is not signed by the trusted CA");
    }

    [Fact]
    public async Task A_client_not_in_the_allow_list_is_refused()
    {
        var outcome = await Connect(certs.Identity("ours", "receiver"), Client(certs.Identity("ours", "client-2"), "receiver"));

        AssertRefusedByServer(outcome, "certificate CN=client-2 is not one of the allowed peers (client-1)");
    }

    [Fact]
    public async Task An_expired_client_certificate_is_refused()
    {
        var outcome = await Connect(certs.Identity("ours", "receiver"), Client(certs.Identity("expired", "client-1"), "receiver"));

        AssertRefusedByServer(outcome, "certificate CN=client-1 is not valid now");
    }

    [Fact]
    public async Task A_client_presenting_no_certificate_is_refused()
    {
        var outcome = await Connect(certs.Identity("ours", "receiver"), async (inner, ct) =>
        {
            // A plain TLS client: trusts any server, has no certificate to offer.
            var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, ct);
            return (ssl, "(not checked)");
        });

        AssertRefusedByServer(outcome, "the peer presented no certificate");
    }

    [Fact]
    public async Task A_client_refuses_a_server_that_is_not_the_expected_receiver()
    {
        // client-2's certificate is signed by our CA, but the client expects CN=receiver.
        var outcome = await Connect(certs.Identity("ours", "client-2"), Client(certs.Identity("ours", "client-1"), "receiver"));

        var error = Assert.IsType<AuthenticationException>(outcome.ClientError);
        Assert.Contains("refused the TLS server: certificate CN=client-2 is not one of the allowed peers (receiver)", error.Message);
        Assert.Null(outcome.ServerSaw);
    }

    private static void AssertRefusedByServer(Outcome outcome, string reason)
    {
        var error = Assert.IsType<AuthenticationException>(outcome.ServerError);
        Assert.Contains($"refused the TLS client: {reason}", error.Message);
        Assert.Null(outcome.ServerSaw);

        // With TLS 1.3 the client finishes its handshake before the server judges its certificate, so it
        // may only notice the refusal on its first read; either way it must not get through.
        Assert.NotNull(outcome.ClientError);
        Assert.Null(outcome.ClientSaw);
    }

    private Func<Stream, CancellationToken, Task<(SslStream Stream, string PeerName)>> Client(TlsIdentity identity, string expectedServer) =>
        (inner, ct) => TlsStreams.AuthenticateAsClientAsync(inner, "localhost", identity, new PeerCertificateValidator(identity.TrustedCa, [expectedServer]), ct);

    private sealed record Outcome(string? ServerSaw, Exception? ServerError, string? ClientSaw, Exception? ClientError);

    /// <summary>
    /// A receiver that allows client-1 only and a client, over loopback TCP. Each side that gets through
    /// its handshake exchanges one byte with the other, so a side "saw" its peer only if data flowed.
    /// </summary>
    private static async Task<Outcome> Connect(
        TlsIdentity serverIdentity, Func<Stream, CancellationToken, Task<(SslStream Stream, string PeerName)>> clientHandshake)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;

        var server = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync(ct);
            try
            {
                var validator = new PeerCertificateValidator(serverIdentity.TrustedCa, AllowedClients);
                var (stream, peer) = await TlsStreams.AuthenticateAsServerAsync(accepted.GetStream(), serverIdentity, validator, ct);
                await using (stream)
                {
                    await ExchangeByteAsync(stream, ct);
                }

                return (Saw: peer, Error: (Exception?)null);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                return (Saw: (string?)null, Error: e);
            }
        }, ct);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, ct);
        string? clientSaw = null;
        Exception? clientError = null;
        try
        {
            var (stream, peer) = await clientHandshake(tcp.GetStream(), ct);
            await using (stream)
            {
                await ExchangeByteAsync(stream, ct);
            }

            clientSaw = peer;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            clientError = e;
        }

        var (serverSaw, serverError) = await server;
        return new Outcome(serverSaw, serverError, clientSaw, clientError);
    }

    private static async Task ExchangeByteAsync(Stream stream, CancellationToken ct)
    {
        await stream.WriteAsync(new byte[] { 42 }, ct);
        await stream.FlushAsync(ct);
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer, ct);
    }
}
