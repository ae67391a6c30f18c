using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// Tells the receiver to remove a transfer that will never be completed, and waits for its answer. A run that
/// gives up on its archive concludes only after this: a node stopped right after the run failed (a one-shot
/// <c>backup</c>, a restart, SIGTERM) would otherwise lose an abort still queued for a connection being set up,
/// and the partial file would occupy the receiver's disk and a transfer slot until it expires.
/// </summary>
public static class TransferAbort
{
    /// <summary>The longest a run waits for the answer; a receiver that is down is the likeliest reason for no answer.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>How long an abort to <paramref name="target"/> waits: its request-timeout, at most <see cref="MaxWait"/>.</summary>
    public static TimeSpan WaitFor(TargetSettings target) => target.RequestTimeout < MaxWait ? target.RequestTimeout : MaxWait;

    /// <summary>What became of one abort, worded for the run's log. Never throws.</summary>
    public static async Task<AbortOutcome> SendAsync(ReceiverLink receiver, string transferId, string reason, TimeSpan timeout)
    {
        try
        {
            var answer = await receiver.AskAsync<object>(new AbortTransfer(transferId, reason), timeout);
            return Outcome(transferId, answer);
        }
        catch (Exception e)
        {
            return new AbortOutcome(transferId, false, LogLevel.WarningLevel,
                $"the receiver did not confirm removing its partial transfer {transferId} ({e.Message}); it removes it when it expires (receiver setting partial-expiry)");
        }
    }

    public static AbortOutcome Outcome(string transferId, object answer) => answer switch
    {
        TransferAborted a when a.TransferId == transferId =>
            new(transferId, true, LogLevel.InfoLevel, $"the receiver removed its partial transfer {transferId}"),
        TransferUnknown u =>
            new(transferId, true, LogLevel.InfoLevel, $"the receiver holds nothing to remove for transfer {transferId}: {u.Reason}"),
        TransferFailed f when f.TransferId == transferId =>
            new(transferId, true, LogLevel.InfoLevel, $"the receiver is already closing transfer {transferId}: {f.Reason}"),
        _ => new(transferId, false, LogLevel.WarningLevel,
            $"the receiver answered the abort of transfer {transferId} with an unexpected {Describe(answer)}; it removes the partial transfer when it expires (receiver setting partial-expiry)"),
    };

    private static string Describe(object answer) => answer is IProtocolMessage ? answer.GetType().Name : answer?.GetType().FullName ?? "null";
}

/// <param name="Settled">The receiver answered: it holds no partial file of this transfer any more.</param>
public sealed record AbortOutcome(string TransferId, bool Settled, LogLevel Level, string Message);
