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

/// <summary>
/// A real gateway and real assemblers (in-memory journal): isolation between clients and admission. Requests come
/// as the transport delivers them, <see cref="FromPeer"/> with the CN of the sender's certificate.
/// </summary>
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

        gateway.Tell(new FromPeer("client-2", new ResumeTransfer(opened.TransferId)), TestActor);
        Assert.Contains("for client-2", ExpectMsg<TransferUnknown>().Reason);

        gateway.Tell(new LookupTransfer(opened.TransferId, "client-2"), TestActor);
        ExpectMsg<TransferNotFound>();

        gateway.Tell(new FromPeer("client-2", new CompleteTransfer(opened.TransferId, 1, 1, new string('0', 64), Description)), TestActor);
        Assert.Contains("for client-2", ExpectMsg<TransferUnknown>().Reason);

        gateway.Tell(new FromPeer("client-2", new AbortTransfer(opened.TransferId, "let me delete it")), TestActor);
        Assert.Contains("for client-2", ExpectMsg<TransferUnknown>().Reason);

        // The owner's transfer is untouched and still its own.
        Assert.True(File.Exists(part));
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-1"), TestActor);
        Assert.Equal("client-1", ExpectMsg<TransferFound>().ClientId);
        gateway.Tell(new FromPeer("client-1", new ResumeTransfer(opened.TransferId)), TestActor);
        Assert.Equal(opened.TransferId, ExpectMsg<TransferResumed>().TransferId);
    }

    [Fact]
    public void The_owner_aborting_its_transfer_hears_TransferAborted_once_the_partial_file_is_gone_and_a_second_abort_is_answered_too()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");
        var part = Path.Combine(_store, ".partial", opened.TransferId + ".part");
        Assert.True(File.Exists(part));

        gateway.Tell(new FromPeer("client-1", new AbortTransfer(opened.TransferId, "compression failed on the client")), TestActor);
        Assert.Equal(opened.TransferId, ExpectMsg<TransferAborted>().TransferId);
        Assert.False(File.Exists(part), "the answer comes after the partial file is removed");

        // Sent again (the first answer was lost): closing or gone, it is answered, so the client never waits it out.
        gateway.Tell(new FromPeer("client-1", new AbortTransfer(opened.TransferId, "compression failed on the client")), TestActor);
        var again = ExpectMsg<IProtocolMessage>();
        Assert.True(again is TransferFailed { Reason: "transfer is closed" } or TransferUnknown, $"unexpected answer {again}");
        Assert.False(File.Exists(part));
    }

    [Fact]
    public void An_empty_or_oversized_completion_is_refused_before_any_hashing_and_the_partial_kept()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");

        // The 0-byte "archive": nothing was sent, and the SHA-256 of nothing is well known.
        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, 0, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Description)), TestActor);
        Assert.Contains("at least one byte", ExpectMsg<TransferFailed>().Reason);

        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, 5_000_000, 5, new string('0', 64), Description)), TestActor);
        Assert.Contains("more than the 1,000,000 announced", ExpectMsg<TransferFailed>().Reason);

        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, 10, 3, new string('0', 64), Description)), TestActor);
        Assert.Contains("are 1 chunks, the client says 3", ExpectMsg<TransferFailed>().Reason);

        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, 10, 1, new string('0', 64), Description)), TestActor);
        Assert.Contains("0 of 1 chunks stored", ExpectMsg<TransferFailed>().Reason);

        Assert.True(File.Exists(Path.Combine(_store, ".partial", opened.TransferId + ".part")));
        Assert.Empty(Directory.GetFiles(_store, "*.zip", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_transfer_more_chunks_than_the_resume_bitmap_carries_is_refused_at_open()
    {
        var gateway = Gateway(ReceiverLimits.Default);

        gateway.Tell(new FromPeer("client-1", OpenRequest("run-1") with { RequiredBytes = (TransferLimits.MaxChunks + 1L) * (64 * 1024), ChunkSize = 64 * 1024 }), TestActor);

        Assert.Contains("more than one transfer can carry", ExpectMsg<TransferRefused>().Reason);
    }

    [Fact]
    public void A_completion_closes_the_transfers_sessions_and_no_chunk_is_granted_while_it_is_verified()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-1"), TestActor);
        var found = ExpectMsg<TransferFound>();
        byte[] archive = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        File.WriteAllBytes(found.PartPath, archive);
        found.Assembler.Tell(new GrantChunk(0), TestActor);
        ExpectMsg<ChunkGranted>();
        found.Assembler.Tell(new ChunkStored(0, 0, archive.Length, AkkaBackup.Core.Chunking.ChunkChecksum.Compute(archive)), TestActor);
        ExpectMsg<ChunkRecorded>();
        Assert.False(found.Closed.IsCancellationRequested);

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive));
        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, archive.Length, 1, sha, Description)), TestActor);

        AwaitCondition(() => found.Closed.IsCancellationRequested);
        found.Assembler.Tell(new GrantChunk(0), TestActor);
        Assert.Contains("being verified", ExpectMsg<ChunkRejected>().Reason);
        gateway.Tell(new FromPeer("client-1", new ResumeTransfer(opened.TransferId)), TestActor);
        ExpectMsg<TransferVerifying>();
    }

    [Fact]
    public void A_chunk_stored_without_a_grant_is_not_recorded()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-1"), TestActor);
        var found = ExpectMsg<TransferFound>();

        found.Assembler.Tell(new ChunkStored(0, 0, 10, 42), TestActor);

        Assert.Contains("was not granted", ExpectMsg<ChunkRejected>().Reason);
        gateway.Tell(new FromPeer("client-1", new ResumeTransfer(opened.TransferId)), TestActor);
        Assert.Empty(AkkaBackup.Core.Chunking.ChunkBitmap.Indices(ExpectMsg<TransferResumed>().StoredChunks));
    }

    [Fact]
    public void Internal_messages_from_outside_the_node_are_ignored()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");
        var stranger = CreateTestProbe();

        // Only the transfer's own assembler may announce it (this would point sessions at the attacker's file).
        gateway.Tell(new AssemblerReady(opened.TransferId, "client-2", "db1", "main", "/etc/passwd", 1 << 20, 1_000_000, CancellationToken.None), stranger.Ref);
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-2"), TestActor);
        ExpectMsg<TransferNotFound>();
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-1"), TestActor);
        Assert.EndsWith(opened.TransferId + ".part", ExpectMsg<TransferFound>().PartPath);
    }

    [Theory]
    [InlineData("../client-2", "", "remote-folder = '../client-2'")]
    [InlineData("", "{nope}.zip", "naming-pattern = '{nope}.zip'")]
    public void A_target_placement_the_receiver_cannot_honour_is_refused_when_the_transfer_is_opened(string folder, string pattern, string message)
    {
        var gateway = Gateway(ReceiverLimits.Default);

        gateway.Tell(new FromPeer("client-1", OpenRequest("run-1") with { Placement = new Placement(folder, pattern, "UTC") }), TestActor);

        // Refused at opening: the client is still in pre-flight, its server untouched; nothing is created.
        Assert.Contains(message, ExpectMsg<TransferRefused>().Reason);
        Assert.Empty(Directory.Exists(Path.Combine(_store, ".partial")) ? Directory.GetFiles(Path.Combine(_store, ".partial"), "*.part") : []);
    }

    [Fact]
    public void A_placement_changed_to_one_the_receiver_cannot_honour_by_completion_is_refused_and_the_partial_kept()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");

        gateway.Tell(new FromPeer("client-1",
            new CompleteTransfer(opened.TransferId, 1, 1, new string('0', 64), Description with { Placement = new Placement("../client-2", "", "") })), TestActor);

        Assert.Contains("remote-folder = '../client-2'", ExpectMsg<TransferFailed>().Reason);
        Assert.True(File.Exists(Path.Combine(_store, ".partial", opened.TransferId + ".part")));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("Hot")]
    [InlineData("")]
    public void A_completion_of_a_backup_type_the_receiver_does_not_know_is_refused_naming_it_and_the_partial_kept(string type)
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");

        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, 1, 1, new string('0', 64), Description with { BackupType = type })), TestActor);

        Assert.Contains($"backup type '{type}' is not one of cold, snapshot, hot", ExpectMsg<TransferFailed>().Reason);
        Assert.True(File.Exists(Path.Combine(_store, ".partial", opened.TransferId + ".part")));
    }

    [Fact]
    public void Over_the_cap_a_client_waits_and_is_admitted_when_the_slot_frees()
    {
        var gateway = Gateway(ReceiverLimits.Default with { MaxConcurrentTransfers = 1, MaxTransfersPerClient = 1 });
        var first = Open(gateway, "client-1", "run-1");

        gateway.Tell(new FromPeer("client-2", OpenRequest("run-2")), TestActor);
        var wait = ExpectMsg<WaitForAdmission>();
        Assert.Equal(("run-2", 1, 1), (wait.Ticket, wait.Position, wait.ActiveTransfers));

        gateway.Tell(GetReceiverStatus.Instance, TestActor);
        var status = ExpectMsg<ReceiverStatus>();
        Assert.Equal([(first.TransferId, "client-1")], status.Transfers.Select(t => (t.TransferId, t.ClientId)));
        Assert.Equal([new WaitingClient("client-2", "run-2", 1)], status.Waiting);

        gateway.Tell(new FromPeer("client-1", new AbortTransfer(first.TransferId, "done with it")), TestActor);
        Assert.Equal(first.TransferId, ExpectMsg<TransferAborted>().TransferId);

        AwaitAssert(() =>
        {
            gateway.Tell(new FromPeer("client-2", OpenRequest("run-2")), TestActor);
            ExpectMsg<TransferOpened>(TimeSpan.FromMilliseconds(500));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>client-2's transfer is opened and forgotten (aborted), then client-1 takes the only free slot.</summary>
    private TransferOpened ForgetOneAndFillTheSlot(IActorRef gateway)
    {
        var forgotten = Open(gateway, "client-2", "run-0");
        gateway.Tell(new FromPeer("client-2", new AbortTransfer(forgotten.TransferId, "the receiver lost it")), TestActor);
        Assert.Equal(forgotten.TransferId, ExpectMsg<TransferAborted>().TransferId);
        AwaitAssert(() =>
        {
            gateway.Tell(new FromPeer("client-1", OpenRequest("run-1")), TestActor);
            ExpectMsg<TransferOpened>(TimeSpan.FromMilliseconds(500));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        return forgotten;
    }

    [Fact]
    public void A_transfer_reopened_after_the_receiver_forgot_it_is_not_queued_only_when_it_issued_that_id_to_the_same_client()
    {
        var gateway = Gateway(ReceiverLimits.Default with { MaxConcurrentTransfers = 1, MaxTransfersPerClient = 1 });
        var forgotten = ForgetOneAndFillTheSlot(gateway);

        // Another client's id, and a made-up one, buy no place ahead of the queue.
        gateway.Tell(new FromPeer("client-1", OpenRequest("run-2") with { ReopenOf = forgotten.TransferId }), TestActor);
        ExpectMsg<WaitForAdmission>();
        gateway.Tell(new FromPeer("client-2", OpenRequest("run-3") with { ReopenOf = "20990101000000-0000000000000000" }), TestActor);
        ExpectMsg<WaitForAdmission>();

        gateway.Tell(new FromPeer("client-2", OpenRequest("run-4") with { ReopenOf = forgotten.TransferId }), TestActor);
        ExpectMsg<TransferOpened>();
    }

    [Fact]
    public void A_chunk_granted_to_one_connection_is_refused_to_a_second_until_the_first_lets_it_go()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var opened = Open(gateway, "client-1", "run-1");
        gateway.Tell(new LookupTransfer(opened.TransferId, "client-1"), TestActor);
        var found = ExpectMsg<TransferFound>();

        found.Assembler.Tell(new GrantChunk(3), TestActor);
        ExpectMsg<ChunkGranted>();
        found.Assembler.Tell(new GrantChunk(3), TestActor);
        Assert.Contains("chunk 3 is being written by another connection", ExpectMsg<ChunkRejected>().Reason);

        found.Assembler.Tell(new ChunkNotWritten(3), TestActor);
        found.Assembler.Tell(new GrantChunk(3), TestActor);
        ExpectMsg<ChunkGranted>();
    }

    [Fact]
    public void A_forgotten_transfer_buys_one_reopening_ahead_of_the_queue_not_one_per_request()
    {
        var gateway = Gateway(ReceiverLimits.Default with { MaxConcurrentTransfers = 1, MaxTransfersPerClient = 2 });
        var forgotten = ForgetOneAndFillTheSlot(gateway);

        gateway.Tell(new FromPeer("client-2", OpenRequest("run-2") with { ReopenOf = forgotten.TransferId }), TestActor);
        ExpectMsg<TransferOpened>();
        gateway.Tell(new FromPeer("client-2", OpenRequest("run-3") with { ReopenOf = forgotten.TransferId }), TestActor);
        ExpectMsg<WaitForAdmission>();
    }

    [Fact]
    public void A_transfer_still_open_or_a_client_at_its_own_cap_gets_no_place_ahead_of_the_queue()
    {
        var gateway = Gateway(ReceiverLimits.Default with { MaxConcurrentTransfers = 2, MaxTransfersPerClient = 1 });
        var open = Open(gateway, "client-2", "run-0");
        Open(gateway, "client-1", "run-1");

        // The transfer it names is still open: nothing was forgotten.
        gateway.Tell(new FromPeer("client-2", OpenRequest("run-2") with { ReopenOf = open.TransferId }), TestActor);
        ExpectMsg<WaitForAdmission>();

        // Forgotten now, but client-2 already has its one transfer (run-2's place in the queue aside).
        var forgotten = open.TransferId;
        gateway.Tell(new FromPeer("client-2", new AbortTransfer(forgotten, "the receiver lost it")), TestActor);
        Assert.Equal(forgotten, ExpectMsg<TransferAborted>().TransferId);
        AwaitAssert(() =>
        {
            gateway.Tell(new FromPeer("client-2", OpenRequest("run-2")), TestActor);
            ExpectMsg<TransferOpened>(TimeSpan.FromMilliseconds(500));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        gateway.Tell(new FromPeer("client-2", OpenRequest("run-3") with { ReopenOf = forgotten }), TestActor);
        ExpectMsg<WaitForAdmission>();
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

    [Fact]
    public void The_free_space_check_of_an_open_uses_the_estimate_a_client_sends_and_the_most_it_may_send_otherwise()
    {
        var gateway = Gateway(ReceiverLimits.Default);
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;
        var tooMuch = free * 4;

        // An older client sends no estimate: the most it may send must fit.
        gateway.Tell(new FromPeer("client-1", new OpenTransfer("db1", "main", tooMuch, 64 << 20, "run-1")), TestActor);
        Assert.Contains("not enough space", ExpectMsg<TransferRefused>().Reason);

        // The estimate fits: admitted, and the completion guard stays at RequiredBytes; a negative estimate is no estimate.
        gateway.Tell(new FromPeer("client-1", new OpenTransfer("db1", "main", tooMuch, 64 << 20, "run-2", ExpectedBytes: 1_000_000)), TestActor);
        ExpectMsg<TransferOpened>();
        gateway.Tell(new FromPeer("client-2", new OpenTransfer("db1", "main", tooMuch, 64 << 20, "run-3", ExpectedBytes: -5)), TestActor);
        Assert.Contains("not enough space", ExpectMsg<TransferRefused>().Reason);
    }

    private IActorRef Gateway(ReceiverLimits limits)
    {
        var settings = new ReceiverSettings(
            "receiver", _store, "127.0.0.1", 4054, new HashSet<string> { "client-1", "client-2" }, NamingPattern.Parse(NamingPattern.Default, "naming-pattern"),
            0, 64 << 20, 0, Path.Combine(_store, "journal.db"), TimeSpan.FromDays(7), new ResumeVerification(true, 64, 8), 1000, limits,
            StoreLayout.Parse(StoreLayout.Default, "layout", NamingPattern.Parse(NamingPattern.Default, "naming-pattern").TimeZone), 10, DataPlaneLimits.Default);
        return Sys.ActorOf(ReceiverGateway.Props(settings, CreateTestProbe().Ref, "test"), ReceiverGateway.Name);
    }

    private static OpenTransfer OpenRequest(string ticket) => new("db1", "main", 1_000_000, 1 << 20, ticket);

    private TransferOpened Open(IActorRef gateway, string client, string ticket)
    {
        gateway.Tell(new FromPeer(client, OpenRequest(ticket)), TestActor);
        return ExpectMsg<TransferOpened>();
    }
}
