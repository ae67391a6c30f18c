using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.DataPlane;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Tests.DataPlane;

/// <summary>A real data-plane listener over real TLS, a probe in place of the gateway: what it holds at most, and for how long.</summary>
public sealed class DataPlaneLimitsTests : TestKit
{
    private const string TransferId = "20261205000000-0123456789abcdef";

    private readonly string _root = Directory.CreateTempSubdirectory("akkabackup-dataplane-").FullName;
    private readonly TlsIdentity _receiver;
    private readonly TlsIdentity _client;
    private readonly CancellationTokenSource _transferClosed = new();

    public DataPlaneLimitsTests() : base("akka.loglevel = INFO\nakka.test.timefactor = 5")
    {
        CertificateAuthority.WriteFiles(_root, "Test CA", ["receiver", "client-1"], "pw");
        _receiver = Identity("receiver");
        _client = Identity("client-1");
        File.WriteAllBytes(Path.Combine(_root, "t.part"), []);
    }

    [Fact]
    public async Task A_connection_that_says_nothing_for_the_idle_timeout_is_closed_one_that_pings_is_kept()
    {
        // A timeout ten times the ping interval: a loaded machine (the whole suite runs at once) may delay a read for seconds.
        var port = StartListener(DataPlaneLimits.Default with { IdleTimeout = TimeSpan.FromSeconds(5) });
        await using var silent = await Connect(port);
        await using var pinging = await Connect(port);

        for (var i = 0; i < 24; i++)
        {
            await DataFrameCodec.WriteAsync(pinging.Stream, Ping.Instance, CancellationToken.None);
            await Task.Delay(500);
        }

        // Checked within the idle timeout of the last ping: 12 s of pings (over twice the timeout) kept it open, the silent one is gone.
        Assert.False(await ClosedAsync(pinging.Stream, TimeSpan.FromMilliseconds(500)), "the pinging connection must stay open");
        Assert.True(await ClosedAsync(silent.Stream), "the silent connection must be closed");
    }

    [Fact]
    public async Task A_client_over_its_connection_cap_is_refused_and_the_others_go_on()
    {
        var port = StartListener(DataPlaneLimits.Default with { MaxSessionsPerClient = 1 });
        await using var first = await Connect(port);

        var refused = await Assert.ThrowsAsync<TransferException>(() => Connect(port));

        Assert.Contains("client-1 already has 1 data-plane connections", refused.Message);
        Assert.False(await ClosedAsync(first.Stream));
    }

    [Fact]
    public async Task The_sessions_of_a_transfer_that_stops_taking_chunks_are_closed()
    {
        var port = StartListener(DataPlaneLimits.Default);
        await using var session = await Connect(port);

        _transferClosed.Cancel();

        Assert.True(await ClosedAsync(session.Stream));
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        Directory.Delete(_root, recursive: true);
    }

    private int StartListener(DataPlaneLimits limits)
    {
        var gateway = CreateTestProbe();
        var assembler = CreateTestProbe();
        gateway.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is LookupTransfer)
            {
                sender.Tell(new TransferFound(assembler.Ref, "client-1", Path.Combine(_root, "t.part"), 1 << 20, 1 << 30, new TransferMeter(), "main", _transferClosed.Token));
            }

            return AutoPilot.KeepRunning;
        }));
        var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        Sys.ActorOf(DataPlaneListener.Props(tcp, _receiver, new PeerCertificateValidator(_receiver.TrustedCa, ["client-1"]), gateway.Ref, ReceiverLimits.Default, limits, "receiver"));
        return ((IPEndPoint)tcp.LocalEndpoint).Port;
    }

    private Task<DataPlaneConnection> Connect(int port) =>
        DataPlaneConnection.OpenAsync("127.0.0.1", port, TransferId, _client, new PeerCertificateValidator(_client.TrustedCa, ["receiver"]), TimeSpan.FromSeconds(15), CancellationToken.None);

    /// <summary>True when the receiver closed the stream (within <paramref name="within"/>, 3 s by default), false when it is still open.</summary>
    private static async Task<bool> ClosedAsync(Stream stream, TimeSpan? within = null)
    {
        using var wait = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(3));
        try
        {
            return await stream.ReadAsync(new byte[1], wait.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private TlsIdentity Identity(string node) =>
        new(CertificateAuthority.LoadPfx(Path.Combine(_root, node + ".pfx"), "pw"), CertificateAuthority.LoadCaCertificate(Path.Combine(_root, "ca.crt")));
}
