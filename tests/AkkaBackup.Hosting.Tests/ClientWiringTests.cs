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
    private readonly ITestOutputHelper _output;

    public ClientWiringTests(ITestOutputHelper output)
        : base(nameof(ClientWiringTests), output)
    {
        _output = output;
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

    /// <summary>
    /// Many short runs through the production wiring (each fails in pre-flight: nothing listens on the server's
    /// port) leave the client journal no bigger than one snapshot interval of the run manager: each closed run's
    /// events go once the run log holds it. AKKABACKUP_JOURNAL_RUNS sets the count (the bench ran 10,000).
    /// </summary>
    [Fact]
    public async Task The_client_journal_stays_bounded_over_many_runs_while_the_run_log_keeps_every_one()
    {
        var runsWanted = int.TryParse(Environment.GetEnvironmentVariable("AKKABACKUP_JOURNAL_RUNS"), out var n) ? n : 250;
        var instance = new MySqlInstance("main", "db1", "127.0.0.1", FreePort.Next(), "backup", Path.Combine(_root, "datadir"), ServiceKind.Command, "mariadb",
            "false", "false", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        await _store.Store.Importer.ImportAsync(new ConfigurationImport([new InstanceImport(instance, new AkkaBackup.Store.Secrets.Secret("pw"))], null), probe: false);
        var runs = await ActorRegistry.GetAsync<RunManager>();
        var journal = new RunJournal(_settings.JournalFile);
        long most = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < runsWanted; i++)
        {
            var watcher = CreateTestProbe();
            // Answered RunStarted, or RunQueued while the run before is still being closed; the report comes either way.
            runs.Tell(new StartRun("main", watcher), watcher);
            await watcher.FishForMessageAsync<RunFinished>(_ => true, TimeSpan.FromSeconds(60));
            if (i % 50 == 49)
            {
                most = Math.Max(most, await journal.EventRowsAsync());
            }
        }

        _output.WriteLine($"{runsWanted} runs in {clock.Elapsed.TotalSeconds:0.0} s; most event rows seen {most}; journal file {new FileInfo(_settings.JournalFile).Length:N0} bytes");
        await AwaitAssertAsync(
            async () =>
            {
                Assert.Equal("0", SqliteFile.Scalar(_settings.JournalFile, "SELECT COUNT(*) FROM event_journal WHERE persistence_id LIKE 'run-%';"));
                Assert.Equal(runsWanted, (await _store.Store.RunLog.SearchAsync(new RunLogQuery(Status: RunStatus.Failed, Limit: runsWanted + 1))).Count);
            },
            TimeSpan.FromSeconds(30));
        // While runs go on: the run manager's events since its last snapshot, and the runs whose end the run-log
        // writer has not written yet (it may lag some runs behind). Neither grows with the number of runs.
        Assert.True(most <= 3 * RunManager.SnapshotEvery, $"the journal held {most} event rows at most; a snapshot every {RunManager.SnapshotEvery} events should bound it");
        Assert.True(await journal.EventRowsAsync() <= RunManager.SnapshotEvery + 1);
        Assert.Equal("1", SqliteFile.Scalar(_settings.JournalFile, "SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'runs';"));
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
