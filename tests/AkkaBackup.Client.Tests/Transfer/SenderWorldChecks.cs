using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using static AkkaBackup.Client.Tests.Transfer.SenderScript;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>What must hold after every decision of the sender, whatever came before.</summary>
internal static class SenderWorldChecks
{
    public static void Decision(SenderWorld w, SenderState before, SenderInput input, SenderDecision d)
    {
        var (after, effects, trace) = (d.State, d.Effects, w.Trace);

        // Done is final: everything is taken quietly, a stray connection is closed.
        if (before.Phase == SenderPhase.Done)
        {
            Assert.Equal(before, after);
            Assert.All(effects, e => Assert.IsType<DiscardConnection>(e));
        }

        // A connection that opens is used or closed, never left open.
        if (input is In.ConnectionOpened)
        {
            Assert.Single(effects, e => e is StartSession or DiscardConnection);
        }

        // The parent hears of the end exactly once, and no timer outlives it.
        var terminal = effects.OfType<Report>().Select(r => r.Message).Where(m => m is TransferStored or TransferBroken).ToList();
        Assert.True(terminal.Count == (before.Phase != SenderPhase.Done && after.Phase == SenderPhase.Done ? 1 : 0), trace);
        if (terminal.Count == 1)
        {
            Assert.Contains(new StopTimers(), effects);
        }

        // A permanent error ends the transfer at once, with that error.
        if (before.Phase == SenderPhase.Connected && before.SessionStall is null && input is In.SessionEnded { Error: PermanentTransferException permanent })
        {
            Assert.Same(permanent, Assert.IsType<TransferBroken>(Assert.Single(terminal)).Cause);
        }

        // Backoff with jitter and a cap; retried only within the deadline, given up only after it.
        var policy = Context.Retry;
        foreach (var retry in effects.OfType<ScheduleRetry>())
        {
            Assert.InRange(retry.Delay, policy.Initial / 2, policy.Max * 1.5);
        }

        if (effects.Any(e => e is Log log && log.Message.Contains("; retrying in ")))
        {
            Assert.True(w.Now - after.FailingSince!.Value <= policy.Deadline, trace);
        }

        if (terminal.SingleOrDefault() is TransferBroken { Reason: var reason } && reason.StartsWith("no progress for", StringComparison.Ordinal))
        {
            Assert.True(w.Now - after.FailingSince!.Value > policy.Deadline, trace);
        }

        // At most three verifications fail before the sender gives up.
        if (before.Phase == SenderPhase.Completing && input is In.CompletionAnswered { Answer: TransferFailed } answered && answered.Round == before.CompletionRound)
        {
            var gaveUp = terminal.SingleOrDefault() is TransferBroken { Cause: PermanentTransferException };
            Assert.Equal(before.CompletionAttempts + 1 >= SenderMachine.MaxCompletionAttempts, gaveUp);
        }

        Assert.InRange(w.StallReports, 0, 1);
        Live(w, after, trace);
    }

    /// <summary>A sender that is not done always has something coming that it acts on: it never waits for nothing.</summary>
    private static void Live(SenderWorld w, SenderState s, string trace)
    {
        switch (s.Phase)
        {
            case SenderPhase.Connected:
                Assert.True(w.Session, $"connected without a session: {trace}");
                break;
            case SenderPhase.Disconnected:
                Assert.True(w.RetryTimer || w.ReconnectAsked, $"disconnected with no retry due and nothing asked: {trace}");
                break;
            case SenderPhase.Completing:
                Assert.True(w.Probing || (s.Finish is null && w.FinishComing), $"completing with no probe and no finish coming: {trace}");
                break;
        }

        if (s.Phase != SenderPhase.Done)
        {
            Assert.True(w.Ticking, trace);
        }
    }
}
