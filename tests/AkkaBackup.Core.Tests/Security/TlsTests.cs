using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Core.Tests.Security;

/// <summary>Real SslStreams over real loopback sockets with certificates written by <see cref="CertificateAuthority.WriteFiles"/>.</summary>
public sealed class TlsTests : IDisposable
{
    private const string Password = "pfx-pass";
    private readonly string _root = Directory.CreateTempSubdirectory("akkabackup-tls").FullName;

    public TlsTests()
    {
        CertificateAuthority.WriteFiles(Path.Combine(_root, "ours"), "Our CA", ["receiver", "client-1", "client-2"], Password);
        CertificateAuthority.WriteFiles(Path.Combine(_root, "theirs"), "Their CA", ["client-1"], Password);
    }

    [Fact]
    public async Task Mutual_tls_succeeds_and_each_side_sees_the_other_by_name()
    {
        var (server, client) = await Handshake(Identity("ours", "client-1"));

        Assert.Equal("client-1", server);
        Assert.Equal("receiver", client);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused()
    {
        var error = await Assert.ThrowsAsync<AuthenticationException>(() => Handshake(Identity("theirs", "client-1")));

        Assert.Contains("not signed by the trusted CA", error.Message);
    }

    [Fact]
    public async Task A_client_not_in_the_allow_list_is_refused()
    {
        var error = await Assert.ThrowsAsync<AuthenticationException>(() => Handshake(Identity("ours", "client-2")));

        Assert.Contains("CN=client-2 is not one of the allowed peers", error.Message);
    }

    [Fact]
    public void No_certificate_and_expired_certificates_are_refused()
    {
        var ca = CertificateAuthority.LoadPfx(Path.Combine(_root, "ours", "ca.pfx"), Password);
        var validator = new PeerCertificateValidator(CertificateAuthority.LoadCaCertificate(Path.Combine(_root, "ours", "ca.crt")), ["client-1"]);
        using var expired = CertificateAuthority.IssueNode(ca, "client-1", [], new DateTimeOffset(ca.NotBefore.ToUniversalTime()), DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.False(validator.Validate(null, out var none));
        Assert.Contains("no certificate", none);
        Assert.False(validator.Validate(expired, out var old));
        Assert.Contains("is not valid now", old);
    }

    [Fact]
    public void Files_are_private_and_never_overwritten_and_bad_input_is_named()
    {
        var pfx = Path.Combine(_root, "ours", "client-1.pfx");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pfx));

        var overwrite = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(Path.Combine(_root, "ours"), "CA", ["client-1"], Password));
        Assert.Contains("already exists", overwrite.Message);

        var badName = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(Path.Combine(_root, "x"), "CA", ["../evil"], Password));
        Assert.Contains("'../evil'", badName.Message);

        var wrongPassword = Assert.Throws<ConfigurationException>(() => CertificateAuthority.LoadPfx(pfx, "wrong"));
        Assert.Contains(pfx, wrongPassword.Message);
    }

    private TlsIdentity Identity(string ca, string node) => new(
        CertificateAuthority.LoadPfx(Path.Combine(_root, ca, node + ".pfx"), Password),
        CertificateAuthority.LoadCaCertificate(Path.Combine(_root, "ours", "ca.crt")));

    /// <summary>Receiver (allows client-1 only) and a client; returns the peer names each side saw.</summary>
    private async Task<(string ServerSaw, string ClientSaw)> Handshake(TlsIdentity clientIdentity)
    {
        var serverIdentity = Identity("ours", "receiver");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var serverTask = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync(cancel.Token);
            var (stream, peer) = await TlsStreams.AuthenticateAsServerAsync(accepted.GetStream(), serverIdentity, new PeerCertificateValidator(serverIdentity.TrustedCa, ["client-1"]), cancel.Token);
            await using (stream)
            {
                await stream.WriteAsync(new byte[] { 42 }, cancel.Token);
                await stream.FlushAsync(cancel.Token);
            }

            return peer;
        });

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
        string clientSaw;
        try
        {
            var (stream, peer) = await TlsStreams.AuthenticateAsClientAsync(tcp.GetStream(), "localhost", clientIdentity, new PeerCertificateValidator(clientIdentity.TrustedCa, ["receiver"]), cancel.Token);
            await using (stream)
            {
                var one = new byte[1];
                await stream.ReadExactlyAsync(one, cancel.Token);
                clientSaw = peer;
            }
        }
        catch (Exception) when (!serverTask.IsCompletedSuccessfully)
        {
            // With TLS 1.3 the client may only notice the refusal after its handshake; report the server's reason.
            await serverTask;
            throw;
        }

        return (await serverTask, clientSaw);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
