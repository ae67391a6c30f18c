using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;
using static AkkaBackup.Client.Transfer.Sending.SenderInputs;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>Completion and the ways out: a retry after backoff, the archive stored, the transfer broken.</summary>
public static partial class SenderMachine
{
    private static void Completing(SenderDecisionBuilder d, SenderInput input)
    {
        switch (input)
        {
            case CompletionAnswered answered when answered.Round == d.State.CompletionRound:
                CompletionAnsweredNow(d, answered.Answer);
                break;
            case CompletionFailed failed when failed.Round == d.State.CompletionRound:
                d.Warn($"no verification answer ({failed.Cause.Message}); resuming to ask again");
                Retry(d, failed.Cause);
                break;
            case ProbeDue:
                d.Do(new Probe(d.State.TransferId, d.State.CompletionRound));
                break;
            case ProbeAnswered probed when probed.Round == d.State.CompletionRound:
                ProbeAnsweredNow(d, probed.Answer);
                break;
        }
    }

    private static void CompletionAnsweredNow(SenderDecisionBuilder d, object answer)
    {
        switch (answer)
        {
            case TransferCompleted completed:
                Stored(d, completed);
                break;
            case TransferFailed failed:
                d.With(x => x with { CompletionAttempts = x.CompletionAttempts + 1 });
                if (d.State.CompletionAttempts < MaxCompletionAttempts)
                {
                    d.Warn($"the receiver could not complete it ({failed.Reason}); resuming");
                    Retry(d, new TransferException(failed.Reason));
                }
                else
                {
                    Broken(d, new PermanentTransferException($"the receiver could not verify the archive {d.State.CompletionAttempts} times, last because: {failed.Reason}"));
                }

                break;

            // Anything else (the receiver forgot the transfer): the verify probe notices within its interval.
        }
    }

    /// <summary>The receiver hashes the whole file before it answers; if it restarts meanwhile, the sender resumes instead of waiting out verify-timeout.</summary>
    private static void ProbeAnsweredNow(SenderDecisionBuilder d, object? answer)
    {
        switch (answer)
        {
            case TransferCompleted completed:
                Stored(d, completed);
                break;
            case TransferResumed resumed when resumed.TransferId == d.State.TransferId:
            case TransferUnknown unknown when unknown.TransferId == d.State.TransferId:
                // The receiver no longer verifies what this sender asked it to: it restarted meanwhile.
                d.With(x => x with { CompletionAttempts = x.CompletionAttempts + 1 });
                Retry(d, new TransferException("the receiver restarted while it verified the archive"));
                break;
        }
    }

    private static void RequestCompletion(SenderDecisionBuilder d)
    {
        d.With(x => x with { CompletionRound = x.CompletionRound + 1, Phase = SenderPhase.Completing })
            .Do(new AskToComplete(d.State.TransferId, d.State.Finish!, d.State.CompletionRound))
            .Do(new StartProbing(VerifyProbeInterval));
    }

    /// <summary>After a backoff that grows with every retry since the last progress; gives up once the retry deadline passed without progress.</summary>
    private static void Retry(SenderDecisionBuilder d, Exception error)
    {
        if (d.Phase == SenderPhase.Completing)
        {
            d.Do(new StopProbing());
        }

        d.With(x => x with { LastError = error.Message, FailingSince = x.FailingSince ?? d.Now });
        var failingFor = d.Now - d.State.FailingSince!.Value;
        var deadline = d.Context.Retry.Deadline;
        if (failingFor > deadline)
        {
            Broken(d, new TransferException($"no progress for {failingFor.TotalMinutes:0.#} min (retry.deadline {deadline}); last error: {error.Message}", error));
            return;
        }

        var delay = Backoff.Delay(d.Context.Retry, d.State.Attempt, d.Jitter);
        d.With(x => x with { Attempt = x.Attempt + 1, Phase = SenderPhase.Disconnected })
            .Warn($"{error.Message}; retrying in {delay.TotalSeconds:0.0} s (attempt {d.State.Attempt}, failing for {failingFor.TotalSeconds:0} s)")
            .Do(new ScheduleRetry(delay));
    }

    /// <summary>Stored only when the receiver names this transfer and the archive's own size and SHA-256.</summary>
    private static void Stored(SenderDecisionBuilder d, TransferCompleted completed)
    {
        if (completed.TransferId != d.State.TransferId || d.State.Finish is not { } f || completed.Length != f.Length
            || !string.Equals(completed.Sha256, f.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            d.Warn($"the receiver reported {completed.TransferId} stored ({completed.Length:N0} bytes, SHA-256 {completed.Sha256}), which is not this archive; asking again");
            Retry(d, new TransferException($"the receiver's report of a stored archive does not match {d.Context.ArchivePath}"));
            return;
        }

        d.Do(new StopTimers()).Do(new Report(new TransferStored(completed))).With(x => x with { Phase = SenderPhase.Done });
    }

    private static void Broken(SenderDecisionBuilder d, Exception error)
    {
        d.Do(new StopTimers());
        if (d.Phase == SenderPhase.Connected)
        {
            d.Do(new CloseSession());
        }

        d.Do(new Report(new TransferBroken(error.Message, error))).With(x => x with { Phase = SenderPhase.Done });
    }
}
