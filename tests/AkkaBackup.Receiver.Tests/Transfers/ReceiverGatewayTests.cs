using AkkaBackup.Core.Layout;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Tests.Transfers;

/// <summary>A real gateway and real assemblers (in-memory journal): isolation between clients and admission.</summary>
public sealed class ReceiverGatewayTests : TestKit
{
    private static readonly ArchiveDescription Description = new(
        "host", "db1", "main", "10.11", "/var/lib/mysql", 1, 1, "zip/deflate", DateTimeOffset.UnixEpoch, [], "run-1", "full", "all");

    private readonly string _store = Path.Combine(Path.GetTempPath(), "akkabackup-gateway-" + Guid.NewGuid().ToString("N")[..12]);

    // Default expectations (3 s) stretched five times for a loaded CI machine.
    public ReceiverGatewayTests() : base("akka.loglevel = INFO\nakka.test.timefactor = 5")
    {
    }

    [Fact]
    public void A_client_that_presents_another_clients_transfer_id_is_refused_on_every_request()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");
        var part = Path.Combine(_store, ".partial", opened.TransferId + ".part");

        gateway.Tell(new ResumeTransfer("client-2", opened.TransferId), TestActor);
        Assert.Contains("for client-2", ExpectMsg<TransferUnknown>().Reason);

        gateway.Tell(new LookupTransfer(opened.TransferId, "client-2"), TestActor);
        ExpectMsg<TransferNotFound>();

        opened.Assembler.Tell(new CompleteTransfer("client-2", opened.TransferId, 0, 0, new string('0', 64), Description), TestActor);
        Assert.Contains("not opened by client client-2", ExpectMsg<TransferFailed>().Reason);

        opened.Assembler.Tell(new AbortTransfer("client-2", opened.TransferId, "let me delete it"), TestActor);
        Assert.Contains("not opened by client client-2", ExpectMsg<TransferFailed>().Reason);

        // The owner's transfer is untouched and still its own.
        Assert.True(File.Exists(part));
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-1"), TestActor);
        Assert.Equal("client-1", ExpectMsg<TransferFound>().ClientId);
        gateway.Tell(new ResumeTransfer("client-1", opened.TransferId), TestActor);
        Assert.Equal(opened.TransferId, ExpectMsg<TransferResumed>().TransferId);
    }

    [Theory]
    [InlineData("../client-2", "", "remote-folder = '../client-2'")]
    [InlineData("", "{nope}.zip", "naming-pattern = '{nope}.zip'")]
    public void A_target_placement_the_receiver_cannot_honour_is_refused_when_the_transfer_is_opened(string folder, string pattern, string message)
    {
        var gateway = Gateway(ReceiverLimits.Default);

        gateway.Tell(OpenRequest("client-1", "run-1") with { Placement = new Placement(folder, pattern, "UTC") }, TestActor);

        // Refused at opening: the client is still in pre-flight, its server untouched; nothing is created.
        Assert.Contains(message, ExpectMsg<TransferRefused>().Reason);
        Assert.Empty(Directory.Exists(Path.Combine(_store, ".partial")) ? Directory.GetFiles(Path.Combine(_store, ".partial"), "*.part") : []);
    }

    [Fact]
    public void A_placement_changed_to_one_the_receiver_cannot_honour_by_completion_is_refused_and_the_partial_kept()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");

        opened.Assembler.Tell(
            new CompleteTransfer("client-1", opened.TransferId, 0, 0, new string('0', 64), Description with { Placement = new Placement("../client-2", "", "") }), TestActor);

        Assert.Contains("remote-folder = '../client-2'", ExpectMsg<TransferFailed>().Reason);
        Assert.True(File.Exists(Path.Combine(_store, ".partial", opened.TransferId + ".part")));
    }

    [Fact]
    public void Over_the_cap_a_client_waits_and_is_admitted_when_the_slot_frees()
    {
        var gateway = Gateway(ReceiverLimits.Default with { MaxConcurrentTransfers = 1, MaxTransfersPerClient = 1 });
        var first = Open(gateway, "client-1", "run-1");

        gateway.Tell(OpenRequest("client-2", "run-2"), TestActor);
        var wait = ExpectMsg<WaitForAdmission>();
        Assert.Equal(("run-2", 1, 1), (wait.Ticket, wait.Position, wait.ActiveTransfers));

        gateway.Tell(GetReceiverStatus.Instance, TestActor);
        var status = ExpectMsg<ReceiverStatus>();
        Assert.Equal([(first.TransferId, "client-1")], status.Transfers.Select(t => (t.TransferId, t.ClientId)));
        Assert.Equal([new WaitingClient("client-2", "run-2", 1)], status.Waiting);

        first.Assembler.Tell(new AbortTransfer("client-1", first.TransferId, "done with it"), TestActor);

        AwaitAssert(() =>
        {
            gateway.Tell(OpenRequest("client-2", "run-2"), TestActor);
            ExpectMsg<TransferOpened>(TimeSpan.FromMilliseconds(500));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_transfer_reopened_after_the_receiver_forgot_it_is_not_queued()
    {
        var gateway = Gateway(ReceiverLimits.Default with { MaxConcurrentTransfers = 1, MaxTransfersPerClient = 1 });
        Open(gateway, "client-1", "run-1");

        gateway.Tell(OpenRequest("client-2", "run-2") with { Reopen = true }, TestActor);
        ExpectMsg<TransferOpened>();

        gateway.Tell(OpenRequest("client-2", "run-3"), TestActor);
        Assert.Equal(2, ExpectMsg<WaitForAdmission>().ActiveTransfers);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        try
        {
            Directory.Delete(_store, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private IActorRef Gateway(ReceiverLimits limits)
    {
        var settings = new ReceiverSettings(
            "receiver", _store, "127.0.0.1", 4054, new HashSet<string> { "client-1", "client-2" }, NamingPattern.Parse(NamingPattern.Default, "naming-pattern"),
            0, 64 << 20, 0, Path.Combine(_store, "journal.db"), TimeSpan.FromDays(7), new ResumeVerification(true, 64, 8), 1000, limits,
            StoreLayout.Parse(StoreLayout.Default, "layout", NamingPattern.Parse(NamingPattern.Default, "naming-pattern").TimeZone), 10);
        return Sys.ActorOf(ReceiverGateway.Props(settings, CreateTestProbe().Ref, "test"), ReceiverGateway.Name);
    }

    private static OpenTransfer OpenRequest(string client, string ticket) => new(client, "db1", "main", 1_000_000, 1 << 20, ticket);

    private TransferOpened Open(IActorRef gateway, string client, string ticket)
    {
        gateway.Tell(OpenRequest(client, ticket), TestActor);
        return ExpectMsg<TransferOpened>();
    }
}
