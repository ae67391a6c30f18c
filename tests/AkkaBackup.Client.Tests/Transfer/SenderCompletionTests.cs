using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using static AkkaBackup.Client.Tests.Transfer.SenderScript;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>The sender's decisions once every chunk is there: completion, verify probes, the verdict; and its watchdogs.</summary>
public sealed class SenderCompletionTests
{
    private readonly SenderScript _s = new();

    [Fact]
    public void All_chunks_held_is_reported_once_and_completion_waits_for_the_parents_finish()
    {
        _s.Sending();

        var ended = _s.Feed(new In.SessionEnded(null));
        var finish = _s.Feed(new In.FinishRequested(Finish));

        Assert.Equal([new CloseSession(), new Report(AllChunksAcknowledged.Instance)], ended.Effects);
        Assert.Equal([new AskToComplete(TransferId, Finish, 1), new StartProbing(TimeSpan.FromSeconds(5))], finish.Effects);
        Assert.Equal(SenderPhase.Completing, _s.State.Phase);
    }

    [Fact]
    public void A_finish_that_comes_first_is_kept_and_completion_is_asked_when_the_session_ends()
    {
        _s.Sending();
        Assert.Empty(_s.Feed(new In.FinishRequested(Finish)).Effects);

        var ended = _s.Feed(new In.SessionEnded(null));

        Assert.Equal([new CloseSession(), new Report(AllChunksAcknowledged.Instance), new AskToComplete(TransferId, Finish, 1), new StartProbing(SenderMachine.VerifyProbeInterval)],
            ended.Effects);
    }

    [Fact]
    public void The_receivers_verdict_stored_ends_the_transfer_and_stops_every_timer()
    {
        _s.Verifying();

        var d = _s.Feed(new In.CompletionAnswered(1, Completed));

        Assert.Equal([new StopTimers(), new Report(new TransferStored(Completed))], d.Effects);
        Assert.Equal(SenderPhase.Done, _s.State.Phase);
    }

    [Theory]
    [InlineData(OtherId, Length, "aaaa")]
    [InlineData(TransferId, Length + 1, "aaaa")]
    [InlineData(TransferId, Length, "bbbb")]
    public void A_stored_report_that_does_not_name_this_archive_is_not_taken(string id, long length, string sha)
    {
        _s.Verifying();

        var d = _s.Feed(new In.CompletionAnswered(1, Completed with { TransferId = id, Length = length, Sha256 = sha == "aaaa" ? Sha256 : sha }));

        Assert.DoesNotContain(d.Effects, e => e is Report);
        Assert.Equal([new StopProbing()], d.Effects.Where(e => e is StopProbing));
        Assert.IsType<ScheduleRetry>(d.Effects[^1]);
        Assert.Equal($"the receiver's report of a stored archive does not match {ArchivePath}", _s.State.LastError);
    }

    [Fact]
    public void A_failed_verification_resumes_and_the_third_gives_up()
    {
        _s.Verifying();
        for (var round = 1; round <= 2; round++)
        {
            var failed = _s.Feed(new In.CompletionAnswered(round, new TransferFailed(TransferId, "SHA-256 mismatch")));
            Assert.IsType<ScheduleRetry>(failed.Effects[^1]);
            _s.Feed(new In.RetryDue());
            _s.Feed(new In.ResumeAnswered(Resumed(TransferId, 0, 1)));
            _s.Feed(new In.ConnectionOpened());
            _s.Feed(new In.SessionEnded(null));
            Assert.Equal(round + 1, _s.State.CompletionRound);
        }

        var third = _s.Feed(new In.CompletionAnswered(3, new TransferFailed(TransferId, "SHA-256 mismatch")));

        var broken = Assert.IsType<TransferBroken>(Assert.IsType<Report>(third.Effects[^1]).Message);
        Assert.IsType<PermanentTransferException>(broken.Cause);
        Assert.Equal("the receiver could not verify the archive 3 times, last because: SHA-256 mismatch", broken.Reason);
    }

    [Fact]
    public void No_verification_answer_resumes_to_ask_again()
    {
        _s.Verifying();

        var d = _s.Feed(new In.CompletionFailed(1, new TimeoutException("verify-timeout")));

        Assert.Equal(new StopProbing(), d.Effects[1]);
        Assert.IsType<ScheduleRetry>(d.Effects[^1]);
        Assert.Equal(SenderPhase.Disconnected, _s.State.Phase);
    }

    [Fact]
    public void Verify_probes_notice_a_receiver_that_restarted_while_it_verified()
    {
        _s.Verifying();

        Assert.Equal([new Probe(TransferId, 1)], _s.Feed(new In.ProbeDue(), TimeSpan.FromSeconds(5)).Effects);
        Assert.Empty(_s.Feed(new In.ProbeAnswered(1, new TransferVerifying(TransferId))).Effects);
        Assert.Empty(_s.Feed(new In.ProbeAnswered(1, null)).Effects);
        var restarted = _s.Feed(new In.ProbeAnswered(1, new TransferUnknown(TransferId, "restarted")));

        Assert.Equal(new StopProbing(), restarted.Effects[0]);
        Assert.IsType<ScheduleRetry>(restarted.Effects[^1]);
        Assert.Equal(("the receiver restarted while it verified the archive", 1), (_s.State.LastError, _s.State.CompletionAttempts));
    }

    [Fact]
    public void Answers_to_an_earlier_completion_round_are_told_apart()
    {
        _s.Verifying();
        _s.Feed(new In.ProbeAnswered(1, Resumed(TransferId, 0, 1)));
        _s.Feed(new In.RetryDue());
        _s.Feed(new In.ResumeAnswered(Resumed(TransferId, 0, 1)));
        _s.Feed(new In.ConnectionOpened());
        _s.Feed(new In.SessionEnded(null));

        Assert.Empty(_s.Feed(new In.CompletionAnswered(1, new TransferFailed(TransferId, "late"))).Effects);
        Assert.Empty(_s.Feed(new In.ProbeAnswered(1, new TransferUnknown(TransferId, "late"))).Effects);
        Assert.Empty(_s.Feed(new In.CompletionFailed(1, new TimeoutException("late"))).Effects);
        Assert.Equal(SenderPhase.Completing, _s.State.Phase);
        Assert.Equal(2, _s.State.CompletionRound);
    }

    [Fact]
    public void A_receiver_found_verifying_on_resume_is_asked_again_after_the_probe_interval()
    {
        _s.Disconnected();

        var d = _s.Feed(new In.ResumeAnswered(new TransferVerifying(TransferId)));

        Assert.Equal(new ScheduleRetry(TimeSpan.FromSeconds(5)), d.Effects[^1]);
        Assert.Equal(SenderPhase.Disconnected, _s.State.Phase);
    }

    [Fact]
    public void The_watchdog_closes_a_session_over_which_nothing_is_acknowledged_while_chunks_wait()
    {
        _s.Sending();
        Assert.Empty(_s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(19)).Effects);

        var stalled = _s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(2));
        var again = _s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(1));
        var ended = _s.Feed(new In.SessionEnded(new OperationCanceledException()));

        Assert.Equal(new CancelSession(), stalled.Effects[^1]);
        Assert.Empty(again.Effects);
        Assert.StartsWith("no chunk acknowledged for 21 s (transfer-stall-timeout = 20 s)", _s.State.LastError);
        Assert.IsType<ScheduleRetry>(ended.Effects[^1]);
    }

    [Fact]
    public void A_chunk_after_a_quiet_spell_starts_the_watchdogs_clock_not_the_last_acknowledgement()
    {
        _s.Start(connected: true);
        _s.Feed(new In.Tick(LedgerSealed: false, ChunksPending: false), TimeSpan.FromSeconds(60));
        _s.Feed(new In.ChunkSealed(Chunk(0), NothingPending: true));

        Assert.Empty(_s.Feed(new In.Tick(LedgerSealed: false, ChunksPending: true), TimeSpan.FromSeconds(19)).Effects);
        Assert.Equal(new CancelSession(), _s.Feed(new In.Tick(LedgerSealed: false, ChunksPending: true), TimeSpan.FromSeconds(2)).Effects[^1]);
    }

    [Fact]
    public void A_stall_on_a_sealed_archive_is_reported_once_per_stretch_without_progress()
    {
        _s.Disconnected();
        Assert.Empty(_s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(29)).Effects);

        var report = _s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(2));
        var quiet = _s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(2));
        _s.Feed(new In.ChunkAcknowledged(100_000));
        var again = _s.Feed(new In.Tick(LedgerSealed: true, ChunksPending: true), TimeSpan.FromSeconds(31));

        Assert.Equal(new Report(new TransferStalled(TimeSpan.FromMilliseconds(31_400), "connection reset")), report.Effects.Single());
        Assert.Empty(quiet.Effects);
        Assert.Contains(again.Effects, e => e is Report { Message: TransferStalled });
    }

    [Fact]
    public void Once_done_everything_is_taken_quietly_and_a_stray_connection_is_closed()
    {
        _s.Verifying();
        _s.Feed(new In.CompletionAnswered(1, Completed));
        var done = _s.State;

        Assert.Equal(typeof(In).GetNestedTypes().Length, EveryKind.Select(i => i.GetType()).Distinct().Count());
        foreach (var input in EveryKind)
        {
            var d = _s.Feed(input);
            SenderEffect[] expected = input is In.ConnectionOpened ? [new DiscardConnection()] : [];
            Assert.Equal(expected, d.Effects);
            Assert.Equal(done, _s.State);
        }
    }
}
