using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Runs.Machine;
using AkkaBackup.Core.Naming;
using static AkkaBackup.Client.Runs.Machine.RunEffects;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Runs.Machine.RunInputs;

namespace AkkaBackup.Client.Tests.Runs;

/// <summary>The run's decisions one by one: which events are journalled and which effects follow each input.</summary>
public sealed class RunMachineTests
{
    private const string RunId = "20261205030000-0badc0de";
    private const string TransferId = "20261205030001-0123456789abcdef";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000);
    private static readonly ArchiveWasSealed Archive = new(400_000, new string('a', 64), 1, 1_000_000, 10);

    private RunContext _context = new(RunId, "main", RestartAfter.Transfer);
    private RunState _state = RunMachine.Initial(RunId);
    private TimeSpan _now;

    [Fact]
    public void A_new_run_journals_its_start_and_runs_preflight_without_touching_the_server()
    {
        var d = Feed(new In.Recovered(default, Resuming: false, At));

        Assert.Equal([new RunBegan(RunId, "main", At)], d.Events);
        Assert.Equal([new RunPreflight()], d.Effects);
        Assert.Equal(RunPhase.Preflight, _state.Phase);
    }

    [Fact]
    public void Pre_flight_passed_journals_the_stop_before_it_is_issued()
    {
        Begin();

        var d = Feed(Passed());

        var stop = Assert.IsType<StopIssued>(Assert.Single(d.Events));
        Assert.Equal((TransferId, "/staging/main/Data.zip", 1 << 20), (stop.TransferId, stop.ArchivePath, stop.ChunkSize));
        Assert.IsType<StopServer>(d.Effects[^1]);
        Assert.Equal(RunPhase.StoppingServer, _state.Phase);
    }

    [Fact]
    public void Archiving_starts_only_once_the_server_is_proven_down()
    {
        Begin();
        Feed(Passed());

        var d = Feed(new In.ServerStopped(default));

        Assert.Contains(d.Effects, e => e is StartArchiving);
        Assert.Equal(RunPhase.Archiving, _state.Phase);
    }

    [Fact]
    public void A_failed_stop_archives_nothing_drops_the_transfer_and_makes_sure_the_server_runs()
    {
        Begin();
        Feed(Passed());

        var d = Feed(new In.StopFailed(default, new IOException("stop command exited 1")));

        Assert.DoesNotContain(d.Effects, e => e is StartArchiving);
        Assert.Contains(new RunEffects.AbortTransfer(TransferId, "the server could not be stopped"), d.Effects);
        Assert.Contains(new StartServer(EnsureOnly: true), d.Effects);
        Assert.Equal(RunPhase.StoppingServer, _state.Failure!.Phase);
        Assert.Contains("stop command exited 1", _state.Failure.Message);
    }

    [Fact]
    public void A_cancel_during_pre_flight_is_accepted_and_the_server_is_never_stopped()
    {
        Begin();

        var cancel = Feed(new In.Cancel(default, "operator", false, false));
        var passed = Feed(Passed());

        Assert.Contains(new Reply(new CancelAccepted(RunId, false)), cancel.Effects);
        Assert.Contains(cancel.Effects, e => e is CancelWork);
        Assert.DoesNotContain(passed.Effects, e => e is StopServer);
        Assert.Empty(passed.Events);
        Assert.Contains(new RunEffects.AbortTransfer(TransferId, "the run was cancelled"), passed.Effects);
        Assert.True(passed.Concludes);
        Assert.Equal(RunPhase.Failed, _state.Phase);
    }

    [Fact]
    public void A_cancel_while_stopping_lets_the_stop_finish_then_starts_the_server_without_archiving()
    {
        Begin();
        Feed(Passed());

        Feed(new In.Cancel(default, "operator", false, false));
        var stopped = Feed(new In.ServerStopped(default));

        Assert.DoesNotContain(stopped.Effects, e => e is StartArchiving);
        Assert.Contains(new StartServer(EnsureOnly: true), stopped.Effects);
        var started = Feed(new In.ServerStarted(default, true, At));
        Assert.True(started.Concludes);
        Assert.StartsWith("cancelled in StoppingServer (operator)", _state.Failure!.Message);
    }

    [Fact]
    public void With_every_chunk_acknowledged_after_the_seal_the_server_starts_and_once_it_answers_the_transfer_is_finished_with_the_downtime_known()
    {
        Shipping();
        var sealedNow = Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false));
        Assert.Contains(Archive, sealedNow.Events);
        Assert.DoesNotContain(sealedNow.Effects, e => e is StartServer);
        Assert.Equal(RunPhase.Transferring, _state.Phase);

        var acked = Feed(new In.AllChunksAcknowledged(default));

        Assert.Contains(new StartServer(EnsureOnly: false), acked.Effects);
        Assert.DoesNotContain(acked.Effects, e => e is SendFinish);
        var started = Feed(new In.ServerStarted(default, true, At));
        Assert.Contains(new SendFinish(), started.Effects);
        Assert.NotNull(_state.Downtime);
        Assert.False(started.Concludes);
        var stored = Feed(new In.TransferStored(default, new TransferCompleted(TransferId, "main.zip", "/store/main.zip", 400_000, Archive.Sha256)));
        Assert.True(stored.Concludes);
        Assert.True(_state.Succeeded);
        Assert.Equal(RunPhase.Done, _state.Phase);
        Assert.Equal(["Preflight", "StoppingServer", "Archiving", "Transferring", "StartingServer", "Verifying", "Cleaning"], _state.Timings.Select(t => t.Phase));
    }

    [Fact]
    public void With_restart_after_archive_the_server_starts_as_soon_as_the_archive_is_sealed()
    {
        _context = _context with { RestartAfter = RestartAfter.Archive };
        Shipping();

        var d = Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false));

        Assert.Contains(new StartServer(EnsureOnly: false), d.Effects);
        Assert.Equal(RunPhase.StartingServer, _state.Phase);
    }

    [Fact]
    public void With_restart_after_copy_the_server_starts_once_the_data_directory_is_released_and_compression_goes_on()
    {
        _context = _context with { RestartAfter = RestartAfter.Copy };
        Begin();
        Feed(Passed());
        Feed(new In.ServerStopped(default));
        var released = new AkkaBackup.Core.Archive.SourceReleased(300_000, 700_000, "met the compressor", TimeSpan.FromSeconds(2));

        var d = Feed(new In.SourceReleased(default, released));

        Assert.Equal([new StartServer(EnsureOnly: false)], d.Effects.Where(e => e is not Log));
        var log = Assert.Single(d.Effects.OfType<Log>());
        Assert.Contains("300,000 bytes compressed from it, 700,000 bytes copied to staging ahead of compression; copying stopped: met the compressor", log.Message);
        Assert.Equal(RunPhase.StartingServer, _state.Phase);

        Feed(new In.ServerStarted(default, true, At));
        Assert.Equal(RunPhase.Archiving, _state.Phase);
        Assert.Equal(TimeSpan.FromMilliseconds(30), _state.Downtime);

        var sealedNow = Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false));
        Assert.DoesNotContain(sealedNow.Effects, e => e is StartServer);
        Assert.Equal(RunPhase.Transferring, _state.Phase);
        Feed(new In.AllChunksAcknowledged(default));
        var stored = Feed(new In.TransferStored(default, new TransferCompleted(TransferId, "main.zip", "/store/main.zip", 400_000, Archive.Sha256)));
        Assert.True(stored.Concludes);
        Assert.True(_state.Succeeded);
        Assert.Equal(["Preflight", "StoppingServer", "Archiving", "StartingServer", "Archiving", "Transferring", "Verifying", "Cleaning"], _state.Timings.Select(t => t.Phase));
    }

    [Theory]
    [InlineData(RestartAfter.Transfer, BackupType.Cold)]
    [InlineData(RestartAfter.Archive, BackupType.Cold)]
    [InlineData(RestartAfter.Copy, BackupType.Snapshot)]
    public void A_released_data_directory_starts_nothing_unless_cold_with_restart_after_copy(RestartAfter restartAfter, BackupType type)
    {
        _context = _context with { RestartAfter = restartAfter, Type = type };
        Shipping();

        var d = Feed(new In.SourceReleased(default, new AkkaBackup.Core.Archive.SourceReleased(1, 0, "nothing to copy", TimeSpan.Zero)));

        Assert.Empty(d.Effects);
    }

    [Fact]
    public void A_compression_that_fails_after_the_release_removes_the_archive_and_does_not_start_the_server_twice()
    {
        _context = _context with { RestartAfter = RestartAfter.Copy };
        Shipping();
        Feed(new In.SourceReleased(default, new AkkaBackup.Core.Archive.SourceReleased(1, 0, "met the compressor", TimeSpan.Zero)));
        Feed(new In.ServerStarted(default, true, At));

        var failed = Feed(new In.ArchiveFailed(default, new AkkaBackup.Core.Archive.ArchiveException("the copy of 'x' in the staging directory no longer holds what was copied")));

        Assert.DoesNotContain(failed.Effects, e => e is StartServer);
        Assert.Contains(failed.Effects, e => e is RunEffects.AbortTransfer);
        Assert.True(failed.Concludes);
        Assert.False(_state.Succeeded);
        Assert.Equal(RunPhase.Archiving, _state.Failure!.Phase);
    }

    [Fact]
    public void Downtime_runs_from_the_stop_to_the_server_answering()
    {
        Begin();
        Feed(Passed());
        Feed(new In.ServerStopped(default));
        Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: true));

        Feed(new In.ServerStarted(default, true, At));

        Assert.Equal(TimeSpan.FromMilliseconds(30), _state.Downtime);
    }

    [Fact]
    public void A_stalled_transfer_after_the_seal_starts_the_server_and_goes_on()
    {
        Shipping();
        Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false));

        var d = Feed(new In.TransferStalled(default, TimeSpan.FromMinutes(5), "receiver unreachable"));

        Assert.Contains(new StartServer(EnsureOnly: false), d.Effects);
        Assert.False(_state.TransferDone);
    }

    [Fact]
    public void A_broken_transfer_keeps_the_sealed_archive_and_starts_the_server()
    {
        Shipping();
        Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false));

        var broken = Feed(new In.TransferBroken(default, "retry deadline passed", new IOException("unreachable")));
        var started = Feed(new In.ServerStarted(default, true, At));

        Assert.Contains(new StartServer(EnsureOnly: true), broken.Effects);
        Assert.True(started.Concludes);
        Assert.Equal(RunPhase.Transferring, _state.Failure!.Phase);
        Assert.Contains("Data.zip is kept for a retry", _state.Failure.Message);
    }

    [Fact]
    public void A_server_that_cannot_be_started_leaves_manual_steps_and_a_run_that_says_so()
    {
        Shipping();
        Feed(new In.ArchiveFailed(default, new IOException("read error")));

        var d = Feed(new In.StartFailed(default, new IOException("start command exited 1"), "Start it by hand: systemctl start mariadb"));

        Assert.True(d.Concludes);
        Assert.False(_state.ServerAnswering);
        Assert.Equal("Start it by hand: systemctl start mariadb", _state.ManualRecovery);
        Assert.Contains("compression failed", _state.Failure!.Message);
        Assert.Contains("THE SERVER COULD NOT BE STARTED", _state.Failure.Message);
    }

    [Fact]
    public void A_completion_waiting_for_the_server_start_goes_even_when_the_start_fails_and_a_cancel_meanwhile_is_declined()
    {
        Shipping();
        Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: true));

        var cancel = Feed(new In.Cancel(default, "operator", false, false));
        var failed = Feed(new In.StartFailed(default, new IOException("start command exited 1"), "Start it by hand"));

        Assert.Contains(cancel.Effects, e => e is Reply { Message: CancelDeclined });
        Assert.Null(_state.CancelReason);
        Assert.Contains(new SendFinish(), failed.Effects);
        Assert.DoesNotContain(failed.Effects, e => e is StopSender);
        Assert.False(_state.ServerAnswering);
        Assert.False(failed.Concludes);
    }

    [Fact]
    public void A_cancel_after_the_receiver_holds_the_whole_archive_is_declined()
    {
        Shipping();
        Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false));
        Feed(new In.AllChunksAcknowledged(default));

        var d = Feed(new In.Cancel(default, "operator", ReceiverHoldsAll: true, Compressing: false));

        var reply = Assert.IsType<CancelDeclined>(Assert.IsType<Reply>(Assert.Single(d.Effects, e => e is Reply)).Message);
        Assert.Contains("already holds all of its archive", reply.Why);
        Assert.DoesNotContain(d.Effects, e => e is StopSender);
        Assert.Null(_state.CancelReason);
    }

    [Fact]
    public void A_cancel_while_compressing_stops_the_compressor_and_the_server_starts_when_it_has_stopped()
    {
        Shipping();

        var cancel = Feed(new In.Cancel(default, "operator", ReceiverHoldsAll: false, Compressing: true));
        var failed = Feed(new In.ArchiveFailed(default, new OperationCanceledException()));

        Assert.Contains(new CancelCompression(), cancel.Effects);
        Assert.DoesNotContain(cancel.Effects, e => e is StartServer);
        Assert.Contains(new StartServer(EnsureOnly: true), failed.Effects);
        Assert.Contains("compression stopped", _state.Failure!.Message);
    }

    [Fact]
    public void A_cancel_after_the_end_is_declined_with_the_outcome()
    {
        Begin();
        Feed(new In.PreflightFailed(default, new IOException("no space")));

        var d = Feed(new In.Cancel(default, "operator", false, false));

        Assert.Equal([new Reply(new CancelDeclined(RunId, "it already finished (failed)"))], d.Effects);
    }

    [Fact]
    public void A_reopened_transfer_journals_its_new_id_and_records_the_new_resume_token()
    {
        Shipping();

        var d = Feed(new In.TransferReopened(default, TransferId, "20261205040000-fedcba9876543210", "receiver restarted"));

        Assert.Equal([new TransferIdChanged("20261205040000-fedcba9876543210")], d.Events);
        Assert.Contains(new RecordResumeToken(), d.Effects);
        Assert.Equal("20261205040000-fedcba9876543210", _state.TransferId);
    }

    [Fact]
    public void A_run_interrupted_before_the_stop_ends_at_once_and_never_starts_a_server()
    {
        Recover([new RunBegan(RunId, "main", At)]);

        var d = Feed(new In.Recovered(default, Resuming: true, At));

        Assert.True(d.Concludes);
        Assert.DoesNotContain(d.Effects, e => e is StartServer);
        Assert.Contains("during pre-flight", _state.Failure!.Message);
    }

    [Fact]
    public void A_run_interrupted_before_the_seal_starts_the_server_and_removes_both_partial_files()
    {
        Recover([new RunBegan(RunId, "main", At), new StopIssued(TransferId, "/staging/main/Data.zip", 1 << 20, "10.11", At)]);

        var d = Feed(new In.Recovered(default, Resuming: true, At));

        Assert.Contains(new StartServer(EnsureOnly: true), d.Effects);
        Assert.Contains(new DeletePartialArchive("/staging/main/Data.zip"), d.Effects);
        Assert.Contains(new RunEffects.AbortTransfer(TransferId, "the client restarted before Data.zip was sealed"), d.Effects);
        Assert.True(Feed(new In.ServerStarted(default, true, At)).Concludes);
        Assert.Equal(RunPhase.Archiving, _state.Failure!.Phase);
    }

    [Fact]
    public void A_run_interrupted_after_the_seal_starts_the_server_then_resumes_the_transfer_from_the_kept_archive()
    {
        Recover([new RunBegan(RunId, "main", At), new StopIssued(TransferId, "/staging/main/Data.zip", 1 << 20, "10.11", At), Archive,
            new TransferIdChanged("20261205040000-fedcba9876543210")]);

        var recovered = Feed(new In.Recovered(default, Resuming: true, At));
        var loaded = Feed(new In.KeptArchiveLoaded(default));

        Assert.Contains(new StartServer(EnsureOnly: true), recovered.Effects);
        Assert.Contains(new LoadKeptArchive("/staging/main/Data.zip", Archive.Length, 1 << 20), recovered.Effects);
        Assert.Equal([new ResumeSending("20261205040000-fedcba9876543210"), new RecordResumeToken(), new SendFinish()], loaded.Effects);
        Assert.False(Feed(new In.ServerStarted(default, false, At)).Concludes);
        Assert.True(Feed(new In.TransferStored(default, new TransferCompleted(TransferId, "main.zip", "/store/main.zip", 400_000, Archive.Sha256))).Concludes);
        Assert.True(_state.Succeeded);
    }

    [Fact]
    public void A_server_that_answered_before_the_crash_keeps_the_downtime_its_journal_holds()
    {
        Recover([new StopIssued(TransferId, "/staging/main/Data.zip", 1 << 20, "10.11", At), Archive, new ServerAnswering(At.AddSeconds(2))]);

        Feed(new In.Recovered(default, Resuming: true, At.AddMinutes(5)));
        Feed(new In.ServerStarted(default, false, At.AddMinutes(5)));

        Assert.Equal(TimeSpan.FromSeconds(2), _state.Downtime);
    }

    [Fact]
    public void A_server_left_down_by_a_crash_counts_its_downtime_from_the_journalled_stop_the_dead_time_included()
    {
        Recover([new StopIssued(TransferId, "/staging/main/Data.zip", 1 << 20, "10.11", At), Archive]);

        Feed(new In.Recovered(default, Resuming: true, At.AddSeconds(30)));
        Feed(new In.ServerStarted(default, true, At.AddSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(30) + TimeSpan.FromMilliseconds(10), _state.Downtime);
    }

    [Fact]
    public void A_snapshot_clones_the_proven_down_directory_starts_the_server_and_only_then_archives_the_clone()
    {
        _context = _context with { Type = AkkaBackup.Core.Naming.BackupType.Snapshot };
        Begin();
        var stop = Assert.IsType<StopIssued>(Assert.Single(Feed(Passed("/var/lib/.akkabackup-clone-" + RunId)).Events));
        Assert.Equal((AkkaBackup.Core.Naming.BackupType.Snapshot, "/var/lib/.akkabackup-clone-" + RunId), (stop.Type, stop.ClonePath));

        Assert.Equal([new CloneDataDirectory(stop.ClonePath!)], Feed(new In.ServerStopped(default)).Effects.Where(e => e is not Log));
        Assert.Equal(RunPhase.Cloning, _state.Phase);
        Assert.Equal([new StartServer(EnsureOnly: false)], Feed(new In.Cloned(default, 10, 1000, TimeSpan.FromMilliseconds(5))).Effects.Where(e => e is not Log));
        var started = Feed(new In.ServerStarted(default, true, At));

        Assert.Contains(new StartArchiving(stop.ClonePath), started.Effects);
        Assert.Equal(RunPhase.Archiving, _state.Phase);
        Assert.Equal(TimeSpan.FromMilliseconds(30), _state.Downtime);
        Assert.Contains(new RemoveClone(stop.ClonePath!), Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: false)).Effects);
    }

    [Fact]
    public void A_failed_clone_archives_nothing_removes_what_it_made_drops_the_transfer_and_starts_the_server()
    {
        _context = _context with { Type = AkkaBackup.Core.Naming.BackupType.Snapshot };
        Begin();
        Feed(Passed("/var/lib/.akkabackup-clone-" + RunId));
        Feed(new In.ServerStopped(default));

        var d = Feed(new In.CloneFailed(default, new IOException("FICLONE failed on ibdata1: errno 95")));

        Assert.Contains(new RemoveClone("/var/lib/.akkabackup-clone-" + RunId), d.Effects);
        Assert.Contains(d.Effects, e => e is RunEffects.AbortTransfer);
        Assert.Contains(new StartServer(EnsureOnly: true), d.Effects);
        Assert.DoesNotContain(d.Effects, e => e is StartArchiving);
        Assert.True(Feed(new In.ServerStarted(default, true, At)).Concludes);
        Assert.Equal(RunPhase.Cloning, _state.Failure!.Phase);
    }

    [Fact]
    public void A_hot_run_never_touches_the_server_and_records_no_downtime()
    {
        _context = _context with { Type = AkkaBackup.Core.Naming.BackupType.Hot };
        Begin();

        var d = Feed(Passed());

        Assert.Equal(AkkaBackup.Core.Naming.BackupType.Hot, Assert.IsType<StopIssued>(Assert.Single(d.Events)).Type);
        Assert.Equal([new StartArchiving()], d.Effects.Where(e => e is not Log));
        Feed(new In.ArchiveSealed(default, Archive, AllAcknowledged: true));
        var stored = Feed(new In.TransferStored(default, new TransferCompleted(TransferId, "main.xbstream.gz", "/store/main.xbstream.gz", 400_000, Archive.Sha256)));

        Assert.True(stored.Concludes);
        Assert.True(_state.Succeeded);
        Assert.Equal(TimeSpan.Zero, _state.Downtime);
    }

    private static In.Preflighted Passed(string? clonePath = null) =>
        new(default, new PreflightSummary(TransferId, "/staging/main/Data.zip", "10.11.19-MariaDB", 1_000_000, 10, clonePath), 1 << 20, At);

    private void Begin() => Feed(new In.Recovered(default, Resuming: false, At));

    private void Shipping()
    {
        Begin();
        Feed(Passed());
        Feed(new In.ServerStopped(default));
    }

    private void Recover(IEnumerable<IRunEvent> journal) => _state = journal.Aggregate(_state, (s, e) => s.Apply(e));

    private RunDecision Feed(RunInput input)
    {
        _now += TimeSpan.FromMilliseconds(10);
        var decision = RunMachine.Decide(_context, _state, input with { Now = _now });
        _state = decision.State;
        return decision;
    }
}
