using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Transfer;

public static class ChunkSenderMessages
{
    /// <summary>Where a transfer's chunks go: the id (resume token) and the receiver's data port.</summary>
    public sealed record TransferTarget(string TransferId, int DataPort);

    /// <summary>Every chunk of the sealed archive is acknowledged: durable on the receiver.</summary>
    public sealed class AllChunksAcknowledged
    {
        public static readonly AllChunksAcknowledged Instance = new();

        private AllChunksAcknowledged()
        {
        }
    }

    /// <summary>Parent to sender: every chunk is there; ask the receiver to verify and file the archive.</summary>
    /// <param name="Downtime">How long the run kept the server down, when known (0 for a hot run); the receiver files it with the archive.</param>
    /// <param name="NextRun">The instance's next scheduled firing as this node computed it; null without an enabled schedule.</param>
    public sealed record FinishTransfer(long Length, int ChunkCount, string Sha256, ArchiveDescription Description, TimeSpan? Downtime = null, DateTimeOffset? NextRun = null);

    /// <summary>The receiver verified and stored the archive.</summary>
    public sealed record TransferStored(TransferCompleted Completed);

    /// <summary>The transfer cannot go on: retries ran out or the error is permanent. Data.zip (if sealed) is kept.</summary>
    public sealed record TransferBroken(string Reason, Exception Cause);

    /// <summary>No chunk was acknowledged for this long; the sender keeps retrying.</summary>
    public sealed record TransferStalled(TimeSpan For, string LastError);

    /// <summary>The receiver did not know the old transfer id; a fresh transfer of the archive was opened.</summary>
    public sealed record TransferReopened(string OldTransferId, string NewTransferId, string Reason);

    public sealed record BytesAcknowledged(long Total);
}
