using Akka.Event;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Client.Transfer.Sending.SenderInputs;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>
/// The chunk sender as a pure state machine: <see cref="Decide"/> takes the state, an input, the time and a random
/// number, and returns the next state and the effects to carry out. No actor, clock, socket or file in here —
/// <see cref="ChunkSender"/> does all of that — so every path is a plain unit test.
/// <para>
/// Connected (a session uploads) → Completing (the receiver holds every chunk and verifies) → Done. A session that
/// breaks leads to Disconnected: after a backoff the sender resumes by transfer id, learns which chunks the receiver
/// holds and connects again; a receiver that forgot the id gets a fresh transfer of the same archive. The sender
/// gives up (reports <see cref="TransferBroken"/>) only on a permanent error, after <see cref="MaxCompletionAttempts"/>
/// failed verifications, or when the retry deadline passed without progress.
/// </para>
/// </summary>
public static partial class SenderMachine
{
    public const int MaxCompletionAttempts = 3;

    /// <summary>How often the sender asks after a transfer the receiver is verifying.</summary>
    public static readonly TimeSpan VerifyProbeInterval = TimeSpan.FromSeconds(5);

    /// <param name="connected">A data-plane connection is at hand (pre-flight opened it); otherwise the transfer is resumed.</param>
    public static SenderDecision Start(TransferTarget target, bool connected, TimeSpan now)
    {
        var state = new SenderState { Target = target, LastProgress = now, SessionMovedAt = now };
        return connected
            ? new SenderDecision(state.SessionStarted(now), [new StartSession()])
            : new SenderDecision(state, [new AskToResume(target.TransferId)]);
    }

    /// <param name="jitter">A random number in [0, 1) for the backoff of a retry this input may lead to.</param>
    public static SenderDecision Decide(SenderContext context, SenderState state, SenderInput input, TimeSpan now, double jitter)
    {
        var d = new SenderDecisionBuilder(context, state, now, jitter);
        switch (state.Phase, input)
        {
            case (not SenderPhase.Disconnected, ConnectionOpened):
                d.Do(new DiscardConnection());
                break;
            case (SenderPhase.Done, _):
                break;
            case (_, ArchiveSealed s):
                d.Do(new SealLedger(s.ChunkCount));
                break;
            case (_, FinishRequested f):
                d.With(x => x with { Finish = f.Finish });
                if (d.State.AllAcknowledgedReported && d.Phase != SenderPhase.Connected)
                {
                    RequestCompletion(d);
                }

                break;
            case (_, ChunkAcknowledged ack):
                d.With(x => x.Progressed(now)).Do(new Report(new BytesAcknowledged(ack.BytesAcknowledged)));
                break;
            case (_, Tick tick):
                WatchSession(d, tick);
                ReportStall(d, tick);
                break;
            case (SenderPhase.Connected, ChunkSealed s):
                // Nothing was outstanding: the stall clock starts with this chunk, not at the last acknowledgement
                // (slow compression between two chunks is no stalled connection).
                d.With(x => s.NothingPending ? x with { SessionMovedAt = now } : x).Do(new Track(s.Chunk)).Do(new Upload(s.Chunk));
                break;
            case (_, ChunkSealed s):
                d.Do(new Track(s.Chunk));
                break;
            case (SenderPhase.Connected, SessionEnded ended):
                SessionEndedNow(d, ended);
                break;
            case (SenderPhase.Disconnected, _):
                Disconnected(d, input);
                break;
            case (SenderPhase.Completing, _):
                Completing(d, input);
                break;
        }

        return d.Build();
    }

    private static void Disconnected(SenderDecisionBuilder d, SenderInput input)
    {
        switch (input)
        {
            case RetryDue:
                d.Do(new AskToResume(d.State.TransferId));
                break;
            case ResumeAnswered answered:
                ResumeAnsweredNow(d, answered.Answer);
                break;
            case ResumeFailed failed:
                Retry(d, new TransferException($"resume of {d.State.TransferId} not answered: {failed.Cause.Message}", failed.Cause));
                break;
            case FreshTransferAnswered { Answer: TransferOpened opened } fresh:
                var old = d.State.TransferId;
                d.With(x => x with { Target = new TransferTarget(opened.TransferId, opened.DataPort) })
                    .Do(new ForgetHoldings())
                    .Do(new Report(new TransferReopened(old, opened.TransferId, fresh.Why)))
                    .Do(new OpenConnection(d.State.Target));
                break;
            case FreshTransferAnswered { Answer: TransferRefused refused }:
                Retry(d, new TransferException($"the receiver refused a fresh transfer: {refused.Reason}"));
                break;
            case FreshTransferAnswered other:
                Retry(d, new TransferException($"the receiver answered OpenTransfer with {other.Answer.GetType().Name}"));
                break;
            case ConnectionOpened:
                d.With(x => x.SessionStarted(d.Now)).Do(new StartSession());
                break;
            case Failed failed:
                Retry(d, failed.Cause);
                break;
        }
    }

    /// <summary>
    /// The answer to a resume (asked with retry.resume-timeout, short on purpose: until the transport notices a
    /// receiver restart, what it sends is dropped). An answer about another transfer is never taken for this one's
    /// (answers are routed by address only): the sender asks again.
    /// </summary>
    private static void ResumeAnsweredNow(SenderDecisionBuilder d, object answer)
    {
        var about = answer switch
        {
            TransferResumed r => r.TransferId,
            TransferVerifying v => v.TransferId,
            TransferUnknown u => u.TransferId,
            _ => d.State.TransferId,
        };
        if (about != d.State.TransferId)
        {
            d.Warn($"ignored the receiver's answer about transfer {about}; asking again");
            Retry(d, new TransferException($"the receiver answered about transfer {about}, not {d.State.TransferId}"));
            return;
        }

        switch (answer)
        {
            case TransferCompleted completed:
                Stored(d, completed);
                break;
            case TransferResumed resumed:
                d.With(x => x with { Target = new TransferTarget(resumed.TransferId, resumed.DataPort) })
                    .Do(new AdoptHoldings(resumed.TransferId, resumed.StoredChunks, resumed.DroppedChunks))
                    .Do(new OpenConnection(d.State.Target));
                break;
            case TransferVerifying:
                // A completion this sender no longer waits for (its answer was lost): the verdict comes to a later resume.
                d.Log(LogLevel.InfoLevel, $"Transfer {d.State.TransferId}: the receiver is verifying the archive; asking again shortly")
                    .Do(new ScheduleRetry(VerifyProbeInterval));
                break;
            case TransferUnknown unknown:
                d.Log(LogLevel.WarningLevel, $"The receiver does not know transfer {d.State.TransferId} ({unknown.Reason}); opening a fresh transfer of {d.Context.ArchivePath}")
                    .With(x => x with { LastError = unknown.Reason })
                    .Do(new AskForFreshTransfer(d.State.TransferId, unknown.Reason));
                break;
            default:
                Retry(d, new TransferException($"the receiver answered ResumeTransfer with {answer.GetType().Name}"));
                break;
        }
    }

    private static void SessionEndedNow(SenderDecisionBuilder d, SessionEnded ended)
    {
        var stall = d.State.SessionStall;
        d.Do(new CloseSession()).With(x => x with { Phase = SenderPhase.Disconnected });
        if (ended.Error is null)
        {
            if (!d.State.AllAcknowledgedReported)
            {
                d.With(x => x with { AllAcknowledgedReported = true }).Do(new Report(AllChunksAcknowledged.Instance));
            }

            if (d.State.Finish is not null)
            {
                RequestCompletion(d);
            }
            else
            {
                d.With(x => x with { Phase = SenderPhase.Completing });
            }
        }
        else if (stall is not null)
        {
            Retry(d, new TransferException(stall));
        }
        else if (ended.Error is PermanentTransferException)
        {
            Broken(d, ended.Error);
        }
        else
        {
            Retry(d, ended.Error);
        }
    }

    /// <summary>
    /// The transfer watchdog: a connection over which no chunk is acknowledged for transfer-stall-timeout while
    /// chunks wait (a receiver that hangs, a network that drops packets without a reset) is closed, and the
    /// transfer is retried like after any error, until retry.deadline.
    /// </summary>
    private static void WatchSession(SenderDecisionBuilder d, Tick tick)
    {
        var still = d.Now - d.State.SessionMovedAt;
        var timeout = d.Context.TransferStallTimeout;
        if (d.Phase != SenderPhase.Connected || d.State.SessionStall is not null || still <= timeout || !tick.ChunksPending)
        {
            return;
        }

        var stall = $"no chunk acknowledged for {still.TotalSeconds:0} s (transfer-stall-timeout = {timeout.TotalSeconds:0.###} s): the receiver or the network hangs";
        d.With(x => x with { SessionStall = stall }).Warn($"{stall}; closing the connection").Do(new CancelSession());
    }

    /// <summary>Once per stretch without progress on a sealed archive: the parent may start the server meanwhile.</summary>
    private static void ReportStall(SenderDecisionBuilder d, Tick tick)
    {
        var stalledFor = d.Now - d.State.LastProgress;
        if (!d.State.StallReported && tick.LedgerSealed && !d.State.AllAcknowledgedReported && stalledFor > d.Context.StallRestartAfter)
        {
            d.With(x => x with { StallReported = true }).Do(new Report(new TransferStalled(stalledFor, d.State.LastError)));
        }
    }
}
