using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Hosting;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Hosting.Tests.Support;
using AkkaBackup.Remoting;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Client.Tests.Support;
using AkkaBackup.TestSupport;
using Microsoft.Data.Sqlite;

using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Hosting.Tests;

/// <summary>
/// The client node's production wiring (<see cref="ClientActors.AddClientActors"/>) under Akka.Hosting.TestKit: a real
/// SQLite run journal, a real configuration store, real certificates. What the node process adds on top (remoting,
/// alerts, the console) is left out; what a run needs of the wiring is all here.
/// </summary>
public sealed class ClientWiringTests : Akka.Hosting.TestKit.TestKit
{
    private readonly string _root = Directory.CreateTempSubdirectory("akkabackup-client-wiring-").FullName;
    private readonly TempNodeStore _store = TempNodeStore.OpenAsync().GetAwaiter().GetResult();
    private readonly ClientSettings _settings;
    private readonly TlsTransportSetup _transport;

    public ClientWiringTests(ITestOutputHelper output)
        : base(nameof(ClientWiringTests), output)
    {
        CertificateAuthority.WriteFiles(_root, "Test CA", ["client-1", "receiver"], "pw");
        var identity = new TlsIdentity(
            CertificateAuthority.LoadPfx(Path.Combine(_root, "client-1.pfx"), "pw"), CertificateAuthority.LoadCaCertificate(Path.Combine(_root, "ca.crt")));
        _transport = new TlsTransportSetup(identity, new RemotingPolicy(_ => null, RemotingPolicy.NoOutbound));
        _settings = ClientSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
            akkabackup {
              node-name = client-1
              client {
                staging-directory = "{{Path.Combine(_root, "staging")}}"
                preflight-timeout = 5s
                receiver { host = 127.0.0.1, port = {{FreePort.Next()}}, name = receiver }
              }
            }
            """)));
        Directory.CreateDirectory(_settings.StagingDirectory);
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        builder.AddHocon("akka.test.timefactor = 5", HoconAddMode.Prepend);
        builder.AddClientActors(_settings, _transport, new ReceiverDirectory(), _store.Store, "9.9.9", longRunning: true);
    }

    [Fact]
    public async Task Every_actor_of_a_long_running_client_is_registered_and_the_run_journal_is_sqlite_in_wal_with_our_serializer()
    {
        await ActorRegistry.GetAsync<RunManager>();
        await ActorRegistry.GetAsync<RunLogWriter>();
        await ActorRegistry.GetAsync<Scheduler>();

        var serializer = Sys.Serialization.FindSerializerForType(typeof(IRunEvent));
        Assert.IsType<RunEventSerializer>(serializer);
        Assert.True(File.Exists(_settings.JournalFile), $"{_settings.JournalFile} must exist");
        Assert.Equal("wal", SqliteFile.Scalar(_settings.JournalFile, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task A_run_for_an_instance_the_store_does_not_hold_is_refused_naming_it()
    {
        var runs = await ActorRegistry.GetAsync<RunManager>();

        runs.Tell(new StartRun("no-such-instance", TestActor), TestActor);

        Assert.Contains("no-such-instance", (await ExpectMsgAsync<RunRejected>()).Reason);
    }

    [Fact]
    public async Task A_run_whose_server_is_unreachable_fails_in_preflight_is_journalled_and_lands_in_the_run_log()
    {
        var port = FreePort.Next();
        var instance = new MySqlInstance("main", "db1", "127.0.0.1", port, "backup", Path.Combine(_root, "datadir"), ServiceKind.Command, "mariadb",
            "false", "false", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        await _store.Store.Importer.ImportAsync(new ConfigurationImport([new InstanceImport(instance, new AkkaBackup.Store.Secrets.Secret("pw"))], null), probe: false);
        var runs = await ActorRegistry.GetAsync<RunManager>();

        runs.Tell(new StartRun("main", TestActor), TestActor);
        var started = await ExpectMsgAsync<RunStarted>();
        var finished = await FishForMessageAsync<RunFinished>(_ => true, TimeSpan.FromMinutes(1));

        Assert.False(finished.Report.Succeeded);
        Assert.Equal(RunPhase.Preflight, finished.Report.FailedPhase);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), finished.Report.Error);
        await AwaitAssertAsync(async () => Assert.Equal(RunStatus.Failed, (await _store.Store.RunLog.GetAsync(started.RunId))?.Status), TimeSpan.FromSeconds(15));
        var ours = Sys.Serialization.FindSerializerForType(typeof(IRunEvent)).Identifier;
        Assert.True(SqliteFile.EventsBy(_settings.JournalFile, ours) > 0, "the run's events must be in the SQLite journal, in our format");
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
