using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using static AkkaBackup.Client.Tests.Transfer.SenderScript;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>The receiver and the network: answers to what the sender asked, the sessions it runs.</summary>
internal sealed partial class SenderWorld
{
    private int _freshIds;

    /// <summary>A resume, a connection or a fresh transfer is asked for: an answer or a failure will come.</summary>
    public bool ReconnectAsked => _resumeAsks.Count + _connects + _freshAsks > 0;

    /// <summary>The parent has yet to send the finish and will.</summary>
    public bool FinishComing => !_finishSent && (AllowFinish || (_allAcknowledgedHeard && _archiveSealed));

    /// <summary>Adds what the receiver and the network may do next; hostile: only failures.</summary>
    private void AddReceiverMoves(List<Move> next, bool hostile, TimeSpan ms)
    {
        void Add(string name, bool failure, Action taken, Func<SenderInput> input)
        {
            if (!hostile || failure)
            {
                next.Add(new(name, () =>
                {
                    taken();
                    return Feed(name, input(), ms);
                }));
            }
        }

        if (_resumeAsks.Count > 0)
        {
            var id = _resumeAsks[0];
            Action taken = () => _resumeAsks.RemoveAt(0);
            Add("ResumeFailed", true, taken, () => new In.ResumeFailed(new TimeoutException("no answer")));
            Add("Resumed", false, taken, () => new In.ResumeAnswered(Resumed(id, [.. _held])));
            Add("ResumedDamaged", false, taken, () => new In.ResumeAnswered(Resumed(id, [.. _held.Skip(1)]) with { DroppedChunks = 1 }));
            Add("ResumeVerifying", false, taken, () => new In.ResumeAnswered(new TransferVerifying(id)));
            Add("ResumeUnknown", false, taken, () => new In.ResumeAnswered(new TransferUnknown(id, "expired")));
            Add("ResumeStored", false, taken, () => new In.ResumeAnswered(Completed with { TransferId = id }));
            Add("ResumeAboutOther", false, taken, () => new In.ResumeAnswered(new TransferUnknown("someone-else", "expired")));
        }

        if (_connects > 0)
        {
            Action taken = () => _connects--;
            Add("ConnectFailed", true, taken, () => new In.Failed(new TransferException("connection refused")));
            Add("Opened", false, taken, () => new In.ConnectionOpened());
        }

        if (_freshAsks > 0)
        {
            Action taken = () => _freshAsks--;
            Add("FreshFailed", true, taken, () => new In.Failed(new TransferException("no answer")));
            Add("FreshOpened", false, taken, () => new In.FreshTransferAnswered(new TransferOpened($"fresh-{++_freshIds}", 7003), "expired"));
            Add("FreshRefused", false, taken, () => new In.FreshTransferAnswered(new TransferRefused("store full"), "expired"));
        }

        if (_completionAsks.Count > 0)
        {
            var (id, round) = _completionAsks[0];
            Action taken = () => _completionAsks.RemoveAt(0);
            Add("NoVerdict", true, taken, () => new In.CompletionFailed(round, new TimeoutException("verify-timeout")));
            Add("Stored", false, taken, () => new In.CompletionAnswered(round, Completed with { TransferId = id }));
            Add("VerifyFailed", false, taken, () => new In.CompletionAnswered(round, new TransferFailed(id, "SHA-256 mismatch")));
        }

        if (_probeAsks.Count > 0)
        {
            var (id, round) = _probeAsks[0];
            Action taken = () => _probeAsks.RemoveAt(0);
            Add("ProbeUnanswered", true, taken, () => new In.ProbeAnswered(round, null));
            Add("ProbeVerifying", false, taken, () => new In.ProbeAnswered(round, new TransferVerifying(id)));
            Add("ProbeRestarted", false, taken, () => new In.ProbeAnswered(round, new TransferUnknown(id, "restarted")));
            Add("ProbeStored", false, taken, () => new In.ProbeAnswered(round, Completed with { TransferId = id }));
        }

        AddSessionMoves(next, hostile, ms);
    }

    private void AddSessionMoves(List<Move> next, bool hostile, TimeSpan ms)
    {
        if (!Session)
        {
            return;
        }

        if (_sessionCancelled)
        {
            next.Add(new("SessionCancelled", () => Feed("SessionCancelled", new In.SessionEnded(new OperationCanceledException()), ms)));
            return;
        }

        next.Add(new("SessionBroke", () => Feed("SessionBroke", new In.SessionEnded(new TransferException("connection reset")), ms)));
        if (hostile)
        {
            return;
        }

        next.Add(new("SessionPermanent", () => Feed("SessionPermanent", new In.SessionEnded(new PermanentTransferException("chunk changed on disk")), ms)));
        if (_tracked.Except(_held).Order().FirstOrDefault(-1) is var chunk and >= 0)
        {
            next.Add(new("Ack", () =>
            {
                _held.Add(chunk);
                return Feed("Ack", new In.ChunkAcknowledged(_held.Count * 100_000L), ms);
            }));
        }
        else if (_ledgerSealed && _tracked.Count == Chunks)
        {
            // The uploader ends without error only when the ledger holds every chunk of the sealed archive.
            next.Add(new("SessionDone", () => Feed("SessionDone", new In.SessionEnded(null), ms)));
        }
    }
}
