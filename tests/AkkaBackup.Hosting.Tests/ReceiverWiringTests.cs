using System.Security.Cryptography;
using Akka.Configuration;
using Akka.Hosting;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Hosting.Tests.Support;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.DataPlane;
using AkkaBackup.Receiver.Hosting;
using AkkaBackup.Receiver.Persistence;
using AkkaBackup.Receiver.Retention;
using AkkaBackup.Receiver.Storage;
using AkkaBackup.Receiver.Transfers;
using AkkaBackup.TestSupport;
using Microsoft.Data.Sqlite;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Hosting.Tests;

/// <summary>
/// The receiver's production wiring (<see cref="ReceiverActors.AddReceiverActors"/>) under Akka.Hosting.TestKit: a real
/// SQLite journal, a real store directory, the real data-plane listener over real TLS. Requests reach the gateway as the
/// transport delivers them (<see cref="FromPeer"/>); only Akka.Remote and the console are left out.
/// </summary>
public sealed class ReceiverWiringTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly ArchiveDescription Description = new(
        "host", "db1", "main", "10.11", "/var/lib/mysql", 1, 1, "zip/deflate", DateTimeOffset.UnixEpoch, [], "run-1", "full", "all");

    private readonly string _root = Directory.CreateTempSubdirectory("akkabackup-receiver-wiring-").FullName;
    private readonly ReceiverSettings _settings;
    private readonly TlsIdentity _receiver;
    private readonly TlsIdentity _client;

    public ReceiverWiringTests(ITestOutputHelper output)
        : base(nameof(ReceiverWiringTests), output)
    {
        CertificateAuthority.WriteFiles(_root, "Test CA", ["receiver", "client-1", "client-2"], "pw");
        _receiver = Identity("receiver");
        _client = Identity("client-1");
        _settings = ReceiverSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
            akkabackup {
              node-name = receiver
              receiver {
                store-directory = "{{Path.Combine(_root, "store")}}"
                allowed-clients = ["client-1"]
                data-plane { hostname = 127.0.0.1, port = {{FreePort.Next()}} }
              }
            }
            """)));
        Directory.CreateDirectory(_settings.PartialDirectory);
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        builder.AddHocon("akka.test.timefactor = 5", HoconAddMode.Prepend);
        var retention = RetentionSettingsReader.Read(ReferenceConfiguration.Over(Config.Empty), _settings.NamingPattern.TimeZone);
        var clients = new PeerCertificateValidator(_receiver.TrustedCa, _settings.AllowedClients.ToList());
        builder.AddReceiverActors(_settings, retention, _receiver, clients, DataPlaneListener.Bind(_settings), "9.9.9");
    }

    [Fact]
    public async Task Every_receiver_actor_is_registered_and_the_transfer_journal_is_sqlite_in_wal_with_our_serializer()
    {
        await ActorRegistry.GetAsync<RetentionActor>();
        await ActorRegistry.GetAsync<StorageManager>();
        await ActorRegistry.GetAsync<ReceiverGateway>();
        await ActorRegistry.GetAsync<DataPlaneListener>();

        Assert.IsType<AssemblerEventSerializer>(Sys.Serialization.FindSerializerForType(typeof(IAssemblerEvent)));
        Assert.Equal("wal", SqliteFile.Scalar(_settings.JournalFile, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task An_archive_sent_over_the_data_plane_is_journalled_verified_and_filed_byte_for_byte()
    {
        var gateway = await ActorRegistry.GetAsync<ReceiverGateway>();
        var archive = RandomNumberGenerator.GetBytes(100_000);

        var opened = await SendAsync(gateway, archive, "run-1");
        Assert.Equal(_settings.DataPlanePort, opened.DataPort);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(archive));
        gateway.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, archive.Length, 1, sha256, Description)), TestActor);
        var completed = await FishForMessageAsync<TransferCompleted>(m => m is TransferCompleted, TimeSpan.FromSeconds(60));

        Assert.Equal(sha256, completed.Sha256);
        Assert.Equal(archive, await File.ReadAllBytesAsync(completed.StoredPath));
        Assert.StartsWith(Path.Combine(_settings.StoreDirectory, "client-1", "main"), completed.StoredPath);
        var ours = Sys.Serialization.FindSerializerForType(typeof(IAssemblerEvent)).Identifier;
        Assert.True(SqliteFile.EventsBy(_settings.JournalFile, ours) > 0, "the transfer's events must be in the SQLite journal, in our format");
    }

    /// <summary>A peer may lie about its run: a downtime of ten years and a next run in 2100 are filed as unknown, each named in a warning.</summary>
    [Fact]
    public async Task A_filing_keeps_an_honest_downtime_and_next_run_and_files_hostile_ones_as_unknown_with_a_warning_naming_the_value()
    {
        var gateway = await ActorRegistry.GetAsync<ReceiverGateway>();
        var filings = CreateTestProbe();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(filings.Ref, typeof(AkkaBackup.Store.Catalog.CatalogEntry));
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));
        var nextRun = DateTimeOffset.UtcNow.AddHours(6);

        var honest = await FileAsync(gateway, "run-honest", TimeSpan.FromMilliseconds(1500), nextRun);
        var hostile = await FileAsync(gateway, "run-hostile", TimeSpan.FromDays(3650), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal((TimeSpan.FromMilliseconds(1500), nextRun), (honest.Downtime, honest.NextRun));
        Assert.Equal((null, null), (hostile.Downtime, hostile.NextRun));
        var said = new List<string>();
        await warnings.FishForMessageAsync<Akka.Event.Warning>(w =>
        {
            said.Add(w.Message.ToString()!);
            return said.Count(m => m.Contains("filed as unknown", StringComparison.Ordinal)) == 2;
        }, TimeSpan.FromSeconds(30));
        Assert.Contains(said, m => m.Contains("from client client-1: the reported downtime of 315360000000 ms is longer than the transfer has existed", StringComparison.Ordinal));
        Assert.Contains(said, m => m.Contains("the reported next run 2100-01-01 00:00:00Z is more than 400 days ahead", StringComparison.Ordinal));

        async Task<AkkaBackup.Store.Catalog.CatalogEntry> FileAsync(Akka.Actor.IActorRef to, string run, TimeSpan downtime, DateTimeOffset next)
        {
            var archive = RandomNumberGenerator.GetBytes(1000);
            var opened = await SendAsync(to, archive, run);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(archive));
            to.Tell(new FromPeer("client-1", new CompleteTransfer(opened.TransferId, archive.Length, 1, sha256, Description) { Downtime = downtime, NextRun = next }), TestActor);
            await FishForMessageAsync<TransferCompleted>(m => m is TransferCompleted, TimeSpan.FromSeconds(60));
            return await filings.FishForMessageAsync<AkkaBackup.Store.Catalog.CatalogEntry>(e => e.TransferId == opened.TransferId, TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_certificate_of_the_same_ca_not_among_the_allowed_clients_is_refused_at_the_tls_handshake()
    {
        await ActorRegistry.GetAsync<DataPlaneListener>();
        const string unknownTransfer = "20261205000000-0123456789abcdef";

        var stranger = await Assert.ThrowsAsync<TransferException>(() => Connect(Identity("client-2"), unknownTransfer));
        var allowed = await Assert.ThrowsAsync<TransferException>(() => Connect(_client, unknownTransfer));

        // The allowed client gets as far as naming its transfer; the other certificate never does.
        Assert.Contains("during the handshake", stranger.Message);
        Assert.Contains($"no open transfer {unknownTransfer} for client-1", allowed.Message);
    }

    /// <summary>Opens a transfer for client-1 and sends <paramref name="archive"/> as its one chunk over the data plane.</summary>
    private async Task<TransferOpened> SendAsync(Akka.Actor.IActorRef gateway, byte[] archive, string run)
    {
        gateway.Tell(new FromPeer("client-1", new OpenTransfer("db1", "main", archive.Length, 128 * 1024, run)), TestActor);
        var opened = await ExpectMsgAsync<TransferOpened>();
        await using var connection = await Connect(_client, opened.TransferId);
        await DataFrameCodec.WriteAsync(connection.Stream, new ChunkFrame(0, 0, archive.Length, ChunkChecksum.Compute(archive), archive), CancellationToken.None);
        Assert.Equal(new ChunkAck(0), await DataFrameCodec.ReadAsync(connection.Stream, 0, CancellationToken.None));
        return opened;
    }

    private Task<DataPlaneConnection> Connect(TlsIdentity identity, string transferId) => DataPlaneConnection.OpenAsync(
        "127.0.0.1", _settings.DataPlanePort, transferId, identity, new PeerCertificateValidator(_client.TrustedCa, ["receiver"]), TimeSpan.FromSeconds(15), CancellationToken.None);

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private TlsIdentity Identity(string node) =>
        new(CertificateAuthority.LoadPfx(Path.Combine(_root, node + ".pfx"), "pw"), CertificateAuthority.LoadCaCertificate(Path.Combine(_root, "ca.crt")));
}
