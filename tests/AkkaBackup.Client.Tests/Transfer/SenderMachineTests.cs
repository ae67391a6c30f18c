using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using static AkkaBackup.Client.Tests.Transfer.SenderScript;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>The sender's decisions while it sends and reconnects: sessions, backoff, the retry deadline, resume, a fresh transfer.</summary>
public sealed class SenderMachineTests
{
    private readonly SenderScript _s = new();

    [Fact]
    public void With_a_connection_at_hand_it_uploads_at_once_without_one_it_resumes()
    {
        Assert.Equal([new StartSession()], _s.Start(connected: true).Effects);
        Assert.Equal(SenderPhase.Connected, _s.State.Phase);

        Assert.Equal([new AskToResume(TransferId)], new SenderScript().Start(connected: false).Effects);
    }

    [Fact]
    public void A_sealed_chunk_is_uploaded_while_connected_and_only_tracked_otherwise()
    {
        _s.Start(connected: true);
        Assert.Equal([new Track(Chunk(0)), new Upload(Chunk(0))], _s.Feed(new In.ChunkSealed(Chunk(0), NothingPending: true)).Effects);

        _s.Feed(new In.SessionEnded(new TransferException("connection reset")));
        Assert.Equal([new Track(Chunk(1))], _s.Feed(new In.ChunkSealed(Chunk(1), NothingPending: false)).Effects);
    }

    [Fact]
    public void A_broken_session_is_closed_and_retried_after_a_backoff_with_jitter()
    {
        _s.Sending();

        var d = _s.Feed(new In.SessionEnded(new TransferException("connection reset")), jitter: 0.0);

        Assert.Equal(new CloseSession(), d.Effects[0]);
        Assert.Equal(new ScheduleRetry(TimeSpan.FromSeconds(0.5)), d.Effects[^1]);
        Assert.Contains(d.Effects, e => e is Log log && log.Message.Contains("connection reset; retrying in 0.5 s (attempt 1"));
        Assert.Equal((SenderPhase.Disconnected, "connection reset"), (_s.State.Phase, _s.State.LastError));
        Assert.Equal([new AskToResume(TransferId)], _s.Feed(new In.RetryDue()).Effects);
    }

    [Fact]
    public void The_backoff_doubles_with_every_retry_up_to_its_cap_and_jitter_spreads_it_half_to_one_and_a_half_times()
    {
        _s.Disconnected();
        var delays = Enumerable.Range(0, 6).Select(_ => Delay(_s.Feed(new In.ResumeFailed(new TimeoutException("no answer")), TimeSpan.FromSeconds(1)))).ToList();

        Assert.Equal([2, 4, 8, 8, 8, 8], delays.Select(d => d.TotalSeconds));
        var policy = Context.Retry;
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.Delay(policy, 10, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(12), Backoff.Delay(policy, 10, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(policy, 0, 0.5));
    }

    [Fact]
    public void Without_progress_the_transfer_is_given_up_once_the_retry_deadline_passed()
    {
        _s.Disconnected();
        for (var i = 0; i < 5; i++)
        {
            Assert.IsType<ScheduleRetry>(_s.Feed(new In.ResumeFailed(new TimeoutException("no answer")), TimeSpan.FromSeconds(10)).Effects[^1]);
        }

        var d = _s.Feed(new In.ResumeFailed(new TimeoutException("no answer")), TimeSpan.FromSeconds(10.1));

        var broken = Assert.IsType<TransferBroken>(Assert.IsType<Report>(d.Effects[^1]).Message);
        Assert.StartsWith("no progress for 1 min (retry.deadline 00:01:00); last error: resume of", broken.Reason);
        Assert.Contains(new StopTimers(), d.Effects);
        Assert.Equal(SenderPhase.Done, _s.State.Phase);
    }

    [Fact]
    public void Progress_starts_the_deadline_and_the_backoff_over()
    {
        _s.Disconnected();
        for (var i = 0; i < 5; i++)
        {
            _s.Feed(new In.ResumeFailed(new TimeoutException("no answer")), TimeSpan.FromSeconds(10));
        }

        _s.Feed(new In.ResumeAnswered(Resumed(TransferId)));
        _s.Feed(new In.ConnectionOpened());
        var ack = _s.Feed(new In.ChunkAcknowledged(100_000));
        var d = _s.Feed(new In.SessionEnded(new TransferException("connection reset")), TimeSpan.FromSeconds(30), jitter: 0.5);

        Assert.Equal([new Report(new BytesAcknowledged(100_000))], ack.Effects);
        Assert.Equal(TimeSpan.FromSeconds(1), Delay(d));
        Assert.Equal(_s.Now, _s.State.FailingSince);
    }

    [Fact]
    public void A_permanent_error_ends_the_transfer_at_once_with_a_report_to_the_parent()
    {
        _s.Sending();

        var error = new PermanentTransferException("the receiver's volume is full");

        var d = _s.Feed(new In.SessionEnded(error));

        Assert.Equal([new CloseSession(), new StopTimers()], d.Effects.Take(2));
        var broken = Assert.IsType<TransferBroken>(Assert.IsType<Report>(Assert.Single(d.Effects.Skip(2))).Message);
        Assert.Equal("the receiver's volume is full", broken.Reason);
        Assert.Same(error, broken.Cause);
        Assert.Equal(SenderPhase.Done, _s.State.Phase);
    }

    [Fact]
    public void A_resume_adopts_what_the_receiver_holds_and_connects_to_its_data_port()
    {
        _s.Disconnected();
        _s.Feed(new In.RetryDue());
        var resumed = Resumed(TransferId, 0);

        var d = _s.Feed(new In.ResumeAnswered(resumed));

        Assert.Equal([new AdoptHoldings(TransferId, resumed.StoredChunks, 0), new OpenConnection(new TransferTarget(TransferId, 7002))], d.Effects);
        Assert.Equal([new StartSession()], _s.Feed(new In.ConnectionOpened()).Effects);
        Assert.Equal(SenderPhase.Connected, _s.State.Phase);
    }

    [Theory]
    [InlineData("resumed")]
    [InlineData("verifying")]
    [InlineData("unknown")]
    public void An_answer_about_another_transfer_is_never_taken_for_this_ones(string kind)
    {
        _s.Disconnected();
        object answer = kind switch
        {
            "resumed" => Resumed(OtherId),
            "verifying" => new TransferVerifying(OtherId),
            _ => new TransferUnknown(OtherId, "gone"),
        };

        var d = _s.Feed(new In.ResumeAnswered(answer));

        Assert.DoesNotContain(d.Effects, e => e is OpenConnection or AdoptHoldings or AskForFreshTransfer);
        Assert.IsType<ScheduleRetry>(d.Effects[^1]);
        Assert.Equal($"the receiver answered about transfer {OtherId}, not {TransferId}", _s.State.LastError);
    }

    [Fact]
    public void A_forgotten_transfer_id_leads_to_a_fresh_transfer_of_the_same_archive()
    {
        _s.Disconnected();

        var unknown = _s.Feed(new In.ResumeAnswered(new TransferUnknown(TransferId, "receiver holds no partial transfer")));
        var opened = _s.Feed(new In.FreshTransferAnswered(new TransferOpened(OtherId, 7003), "receiver holds no partial transfer"));

        Assert.Contains(new AskForFreshTransfer(TransferId, "receiver holds no partial transfer"), unknown.Effects);
        Assert.Contains(unknown.Effects, e => e is Log log && log.Message.Contains($"opening a fresh transfer of {ArchivePath}"));
        Assert.Equal([new ForgetHoldings(), new Report(new TransferReopened(TransferId, OtherId, "receiver holds no partial transfer")), new OpenConnection(new TransferTarget(OtherId, 7003))],
            opened.Effects);
        Assert.Equal(OtherId, _s.State.TransferId);
    }

    [Fact]
    public void A_fresh_transfer_refused_or_answered_oddly_is_retried()
    {
        _s.Disconnected();
        _s.Feed(new In.ResumeAnswered(new TransferUnknown(TransferId, "expired")));

        Assert.IsType<ScheduleRetry>(_s.Feed(new In.FreshTransferAnswered(new TransferRefused("store full"), "expired")).Effects[^1]);
        Assert.Equal("the receiver refused a fresh transfer: store full", _s.State.LastError);
        Assert.IsType<ScheduleRetry>(_s.Feed(new In.FreshTransferAnswered(new WaitForAdmission("t", 1, 1, "busy"), "expired")).Effects[^1]);
        Assert.Equal(TransferId, _s.State.TransferId);
    }

    [Fact]
    public void An_answer_to_a_resume_that_is_none_of_the_expected_ones_is_retried_not_dropped()
    {
        _s.Disconnected();

        Assert.IsType<ScheduleRetry>(_s.Feed(new In.ResumeAnswered(new TransferFailed(TransferId, "odd"))).Effects[^1]);
        Assert.Equal("the receiver answered ResumeTransfer with TransferFailed", _s.State.LastError);
    }

    [Fact]
    public void A_connection_that_opens_while_a_session_runs_or_after_the_end_is_closed_unused()
    {
        _s.Sending();
        Assert.Equal([new DiscardConnection()], _s.Feed(new In.ConnectionOpened()).Effects);

        _s.Feed(new In.SessionEnded(new PermanentTransferException("disk changed")));
        Assert.Equal([new DiscardConnection()], _s.Feed(new In.ConnectionOpened()).Effects);
    }

    private static TimeSpan Delay(SenderDecision d) => Assert.IsType<ScheduleRetry>(d.Effects[^1]).Delay;
}
