using Akka.Actor;
using AkkaBackup.Client.Persistence;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Store;
using AkkaBackup.Client.Tests.Support;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Transfers;

namespace AkkaBackup.Client.Tests.Store;

/// <summary>The run log writer against a real store.</summary>
public sealed class RunLogWriterTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private TempNodeStore _temp = null!;

    /// <summary>A journal file that does not exist: these tests are about the store's tables.</summary>
    private static RunJournal NoJournal => new(Path.Combine(Path.GetTempPath(), $"no-journal-{Guid.NewGuid():N}.db"));

    // SQLite writes on a busy CI disk: the TestKit's 3 s defaults stretched five times.
    public RunLogWriterTests()
        : base("akka.test.timefactor = 5")
    {
    }

    public async Task InitializeAsync()
    {
        _temp = await TempNodeStore.OpenAsync();
        await _temp.AddInstancesAsync("main");
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _temp.DisposeAsync();
    }

    [Fact]
    public async Task A_run_is_logged_running_when_it_begins_and_with_its_outcome_and_start_time_when_it_ends()
    {
        var began = DateTimeOffset.UtcNow.AddMinutes(-3);
        var ended = DateTimeOffset.UtcNow;
        var writer = Sys.ActorOf(RunLogWriter.Props(_temp.Store, Path.GetTempPath(), NoJournal));

        writer.Tell(new RunLogWriter.RunBegan("r1", "main", began));
        await AwaitAssertAsync(async () => Assert.Equal(RunStatus.Running, (await _temp.Store.RunLog.GetAsync("r1"))?.Status));
        var report = new RunReport("r1", "main", false, RunPhase.Transferring, "transfer failed: receiver unreachable", null, null, null, 0, 1_000,
            TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), [new PhaseTiming("Preflight", 100)], true, null, "/staging/main/Data.zip", 0, false, "System.Exception: x");
        writer.Tell(new RunLogWriter.RunEnded(report, ended));

        await AwaitAssertAsync(async () =>
        {
            var run = await _temp.Store.RunLog.GetAsync("r1");
            Assert.Equal(RunStatus.Failed, run?.Status);
            Assert.Equal(began.ToUnixTimeMilliseconds(), run!.StartedAt.ToUnixTimeMilliseconds());
            Assert.Equal(ended.ToUnixTimeMilliseconds(), run.EndedAt!.Value.ToUnixTimeMilliseconds());
            Assert.Equal("Transferring", run.Error!.State.Phase);
            Assert.True(run.Error.State.ServerReachable);
            Assert.NotNull(run.Error.State.FreeDiskBytes);
        });
    }

    [Fact]
    public async Task A_run_that_did_not_happen_is_logged_with_its_status_and_reason()
    {
        var at = DateTimeOffset.UtcNow;
        var writer = Sys.ActorOf(RunLogWriter.Props(_temp.Store, Path.GetTempPath(), NoJournal));

        writer.Tell(new RunLogWriter.RunRefused("r9", "main", RunStatus.Refused, "the receiver does not answer", at));
        await writer.Ask<Akka.Done>(RunLogWriter.Flush.Instance, TimeSpan.FromSeconds(10));

        var run = await _temp.Store.RunLog.GetAsync("r9");
        Assert.Equal((RunStatus.Refused, "the receiver does not answer"), (run?.Status, run?.Error?.Message));
        Assert.Equal(TimeSpan.Zero, run!.Duration);
    }

    [Fact]
    public async Task Runs_older_than_the_log_retention_are_pruned_when_the_writer_starts()
    {
        await _temp.Store.Settings.SetAsync("log-retention-days", "30");
        var old = DateTimeOffset.UtcNow.AddDays(-31);
        await _temp.Store.RunLog.SaveAsync(new RunRecord("old", "main", old, old.AddMinutes(1), RunStatus.Succeeded, [], null, null, null, null, null, null));
        await _temp.Store.RunLog.SaveAsync(new RunRecord("recent", "main", DateTimeOffset.UtcNow.AddDays(-1), null, RunStatus.Succeeded, [], null, null, null, null, null, null));

        Sys.ActorOf(RunLogWriter.Props(_temp.Store, Path.GetTempPath(), NoJournal));

        await AwaitAssertAsync(async () => Assert.Null(await _temp.Store.RunLog.GetAsync("old")));
        Assert.NotNull(await _temp.Store.RunLog.GetAsync("recent"));
    }

    [Fact]
    public async Task A_runs_resume_token_is_saved_counted_when_an_attempt_fails_replaced_on_reopen_and_removed_when_settled()
    {
        var writer = Sys.ActorOf(RunLogWriter.Props(_temp.Store, Path.GetTempPath(), NoJournal));
        var issued = new PendingTransfer("r1", "main", "t-1", "receiver@127.0.0.1:4053", "/staging/main/Data.zip", new string('a', 64), 4_096, DateTimeOffset.UtcNow, 0, null);

        writer.Tell(new RunLogWriter.TransferIssued(issued));
        writer.Tell(new RunLogWriter.TransferAttemptFailed("r1", "transfer failed: receiver unreachable"));
        writer.Tell(new RunLogWriter.TransferIssued(issued with { TransferId = "t-2" }));
        await writer.Ask<Akka.Done>(RunLogWriter.Flush.Instance, TimeSpan.FromSeconds(10));

        var row = await _temp.Store.PendingTransfers.GetAsync("r1");
        Assert.Equal(("t-2", 1, "transfer failed: receiver unreachable"), (row?.TransferId, row?.Attempts, row?.LastError));

        writer.Tell(new RunLogWriter.TransferSettled("r1"));
        await writer.Ask<Akka.Done>(RunLogWriter.Flush.Instance, TimeSpan.FromSeconds(10));
        Assert.Empty(await _temp.Store.PendingTransfers.ListAsync());
    }

    [Fact]
    public async Task At_node_start_rows_of_runs_the_journal_no_longer_holds_are_removed()
    {
        var kept = new PendingTransfer("parked", "main", "t-1", "receiver@127.0.0.1:4053", "/staging/main/Data.zip", new string('a', 64), 4_096, DateTimeOffset.UtcNow, 1, "x");
        await _temp.Store.PendingTransfers.SaveAsync(kept);
        await _temp.Store.PendingTransfers.SaveAsync(kept with { RunId = "discarded" });
        var writer = Sys.ActorOf(RunLogWriter.Props(_temp.Store, Path.GetTempPath(), NoJournal));

        writer.Tell(new RunLogWriter.PendingRunsRecovered(new HashSet<string> { "parked", "open" }));
        await writer.Ask<Akka.Done>(RunLogWriter.Flush.Instance, TimeSpan.FromSeconds(10));

        Assert.Equal(["parked"], (await _temp.Store.PendingTransfers.ListAsync()).Select(t => t.RunId));
    }
}
