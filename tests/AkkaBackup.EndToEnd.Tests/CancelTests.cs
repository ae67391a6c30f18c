using System.Text.RegularExpressions;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Cancelling a run from the console, in each phase that lasts long enough to catch, leaves the server running.</summary>
public sealed class CancelTests
{
    [Fact]
    public async Task Cancel_while_stopping_archiving_and_transferring_leaves_the_server_running_and_logs_the_run_as_cancelled()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);

        // Incompressible bytes in the data directory make over 256 archive chunks of 256 KiB; a 120 ms pause after each keeps
        // the run archiving for over 30 s on any machine (a cancel takes seconds to land), and the slower transfer (300 ms a chunk)
        // keeps it transferring for about as long again after the seal.
        await Filler.WriteAsync(Path.Combine(env.Db.DataDirectory, "filler.bin"), 64);

        // The stop waits at the gate until the first pass has cancelled the run in StoppingServer; later passes find it open.
        var stopGate = new CommandGate(env, "stop");
        await using var console = await ConsoleNode.StartAsync(env, stopCommand: stopGate.Before(env.Db.StopCommand),
            extra: "akkabackup.client.chunk-size = 256KiB\nakkabackup.testing.chunk-delay = 300ms\nakkabackup.testing.archive-chunk-delay = 120ms");

        var lastRun = "";

        // Transferring last: a cancelled transfer keeps its sealed Data.zip as a pending transfer, which blocks later runs.
        foreach (var phase in new[] { "StoppingServer", "Archiving", "Transferring" })
        {
            var (started, run) = await console.AbkAsync("backup", "run", "--instance", "main");
            Assert.True(started == 0, run.Output);
            var runId = Regex.Match(run.Stdout, @"Run (\S+) of 'main' started").Groups[1].Value;

            await using var watch = console.StartAbk("backup", "watch", runId, "--json");
            await watch.WaitForOutputAsync($"\"phase\":\"{phase}\"", TimeSpan.FromMinutes(2));
            var (cancelled, cancel) = await console.AbkAsync("backup", "cancel", runId);
            // A cancel in StoppingServer does not interrupt the stop: it finishes once the gate opens, then the server is started again.
            stopGate.Open();
            Assert.True(cancelled == 0, cancel.Output);

            Assert.Equal(1, await watch.WaitForExitAsync(TimeSpan.FromMinutes(3)));
            Assert.Contains("\"succeeded\": false", watch.Stdout);
            Assert.True(await env.Db.AnswersAsync(), $"the server must answer after a cancel in {phase}");
            var (_, show) = await console.AbkAsync("backup", "show", runId, "--json");
            Assert.Contains("\"status\": \"cancelled\"", show.Stdout);
            Assert.Contains($"cancelled in {phase}", show.Stdout);
            lastRun = runId;
        }

        // The transfer cancelled last kept its sealed Data.zip: a pending transfer, listed and discarded from the console.
        var (_, pending) = await console.AbkAsync("backup", "pending");
        Assert.Contains(lastRun, pending.Stdout);
        Assert.True(File.Exists(env.StagedArchive));
        var (discarded, discard) = await console.AbkAsync("backup", "discard", lastRun);
        Assert.True(discarded == 0, discard.Output);
        Assert.False(File.Exists(env.StagedArchive));
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task A_cancel_after_the_receiver_has_the_whole_archive_keeps_the_backup_and_the_run_succeeds()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);

        // The start waits at the gate until the first pass's cancel was declined (StartingServer), and the receiver waits
        // before its SHA-256 pass (Verifying once the server answers).
        var startGate = new CommandGate(env, "start");
        await using var console = await ConsoleNode.StartAsync(env, startCommand: startGate.Before(env.Db.StartCommand),
            receiverExtra: "akkabackup.testing.verify-delay = 10s");

        // Cleaning is not in this list: it is one synchronous step (delete Data.zip) inside the run's last message, no cancel can land in it.
        foreach (var (phase, runs) in new[] { ("StartingServer", 1), ("Verifying", 2) })
        {
            var runId = await console.StartRunAsync("main");

            await using var watch = console.StartAbk("backup", "watch", runId, "--json");
            await watch.WaitForOutputAsync($"\"phase\":\"{phase}\"", TimeSpan.FromMinutes(2));
            // Too late: the operator is told plainly, with a non-zero exit code, that the run goes on.
            var (declined, cancel) = await console.AbkAsync("backup", "cancel", runId);
            startGate.Open();
            Assert.True(declined == 1, cancel.Output);
            Assert.Contains($"run {runId} was not cancelled: it came too late: the receiver already", cancel.Stderr);

            Assert.True(await watch.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, watch.Output);
            Assert.True(await env.Db.AnswersAsync(), $"the server must answer after a cancel in {phase}");
            var (_, show) = await console.AbkAsync("backup", "show", runId, "--json");
            Assert.Contains("\"status\": \"succeeded\"", show.Stdout);
            Assert.Equal(runs, env.StoredArchives().Count);
            Assert.False(File.Exists(env.StagedArchive), $"Data.zip must be cleaned after the run cancelled in {phase} succeeded");
            Assert.Equal(0, env.PartBytes());
            var (_, pending) = await console.AbkAsync("backup", "pending");
            Assert.DoesNotContain(runId, pending.Stdout);

            var (late, again) = await console.AbkAsync("backup", "cancel", runId);
            Assert.True(late == 1, again.Output);
            Assert.Contains($"run {runId} was not cancelled: it already finished (succeeded)", again.Stderr);
        }

        Assert.Contains("after the receiver had all of Data.zip", env.Logs());
        var stored = env.StoredArchives()[^1];
        Assert.Equal(await env.Db.ChecksumTablesAsync(), await Checks.RestoredChecksumsAsync(env.Root, stored, env.Db));
    }

    [Fact]
    public async Task Cancel_while_starting_the_server_with_the_transfer_still_running_keeps_Data_zip_as_a_pending_transfer()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);

        // Incompressible bytes and a chunk delay keep the transfer going after the server start (restart-after = archive) began.
        await Filler.WriteAsync(Path.Combine(env.Db.DataDirectory, "filler.bin"), 8);

        // The start waits at the gate until the cancel is in: the run is still in StartingServer when it lands.
        var startGate = new CommandGate(env, "start");
        await using var console = await ConsoleNode.StartAsync(env, startCommand: startGate.Before(env.Db.StartCommand),
            extra: "akkabackup.client.chunk-size = 256KiB\nakkabackup.testing.chunk-delay = 300ms\nakkabackup.client.mysql.restart-after = archive");
        var runId = await console.StartRunAsync("main");

        await using var watch = console.StartAbk("backup", "watch", runId, "--json");
        await watch.WaitForOutputAsync("\"phase\":\"StartingServer\"", TimeSpan.FromMinutes(2));
        var (cancelled, cancel) = await console.AbkAsync("backup", "cancel", runId);
        startGate.Open();
        Assert.True(cancelled == 0, cancel.Output);

        Assert.Equal(1, await watch.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        Assert.True(await env.Db.AnswersAsync());
        var (_, show) = await console.AbkAsync("backup", "show", runId, "--json");
        Assert.Contains("\"status\": \"cancelled\"", show.Stdout);
        Assert.Contains("cancelled in StartingServer", show.Stdout);
        Assert.Empty(env.StoredArchives());
        Assert.True(File.Exists(env.StagedArchive), "the sealed Data.zip is kept for a retry");

        // The console lists it with the resume token its row in the node's store holds, and one failed attempt.
        var store = await ClientStoreAccess.OpenAsync(env);
        var row = await ClientStoreAccess.WaitForPendingTransferAsync(store, runId, r => r?.Attempts == 1);
        Assert.Equal(env.StagedArchive, row!.ArchivePath);
        var (_, pending) = await console.AbkAsync("backup", "pending");
        Assert.Matches($@"{runId}\s.*\s{row.TransferId}\s+1\s", pending.Stdout);

        var (retried, retry) = await console.AbkAsync("backup", "retry", runId, "--watch");
        Assert.True(retried == 0, retry.Output);
        Assert.Single(env.StoredArchives());
        Assert.False(File.Exists(env.StagedArchive));
        await ClientStoreAccess.WaitForPendingTransferAsync(store, runId, r => r is null);
    }

    [Fact]
    public async Task A_queued_run_is_listed_alone_for_its_instance_and_can_be_removed_before_it_starts()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);

        // The first run's stop waits at the gate until the queue was inspected and its queued run removed.
        var stopGate = new CommandGate(env, "stop");
        await using var console = await ConsoleNode.StartAsync(env, stopCommand: stopGate.Before(env.Db.StopCommand));
        var (_, first) = await console.AbkAsync("backup", "run", "--instance", "main");
        var firstId = Regex.Match(first.Stdout, @"Run (\S+) of 'main' started").Groups[1].Value;

        var (code, second) = await console.AbkAsync("backup", "run", "--instance", "main");
        Assert.Equal(0, code);
        var queuedId = Regex.Match(second.Stdout, @"Run (\S+) of 'main' queued at position 1").Groups[1].Value;
        Assert.NotEqual("", queuedId);
        var (third, refused) = await console.AbkAsync("backup", "run", "--instance", "main");
        Assert.Equal(1, third);
        Assert.Contains($"already has a queued run, {queuedId}", refused.Stderr);
        var (_, list) = await console.AbkAsync("backup", "list");
        Assert.Matches($"running\\s+{firstId}", list.Stdout);
        Assert.Matches($"queued\\s+{queuedId}", list.Stdout);

        var (removed, cancel) = await console.AbkAsync("backup", "cancel", queuedId);
        stopGate.Open();
        Assert.Equal(0, removed);
        Assert.Contains("removed from the queue", cancel.Stdout);
        var (watched, _) = await console.AbkAsync("backup", "watch", firstId);
        Assert.Equal(0, watched);
        var (_, after) = await console.AbkAsync("backup", "list");
        Assert.Contains("No runs in progress or queued.", after.Stdout);
        Assert.Single(env.StoredArchives());
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task Cancel_during_preflight_never_touches_the_server()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);

        // A "receiver" that accepts connections and never speaks: pre-flight waits for it (request-timeout 10 s).
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var marker = Path.Combine(env.Root, "stop-was-called");
        await using var console = await ConsoleNode.StartAsync(env, stopCommand: $"touch {marker}; {env.Db.StopCommand}",
            receiverPort: ((System.Net.IPEndPoint)silent.LocalEndpoint).Port);
        var (_, run) = await console.AbkAsync("backup", "run", "--instance", "main");
        var runId = Regex.Match(run.Stdout, @"Run (\S+) of 'main' started").Groups[1].Value;

        await using var watch = console.StartAbk("backup", "watch", runId, "--json");
        await watch.WaitForOutputAsync("\"phase\":\"Preflight\"", TimeSpan.FromMinutes(1));
        var (cancelled, cancel) = await console.AbkAsync("backup", "cancel", runId);

        Assert.True(cancelled == 0, cancel.Output);
        Assert.Equal(1, await watch.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var (_, show) = await console.AbkAsync("backup", "show", runId, "--json");
        Assert.Contains("\"status\": \"cancelled\"", show.Stdout);
        Assert.Contains("cancelled in Preflight", show.Stdout);
        Assert.False(File.Exists(marker), "a run cancelled in pre-flight must never stop the server");
        Assert.True(await env.Db.AnswersAsync());
    }
}
