namespace AkkaBackup.Client.Transfer;

public static class ChunkSenderMessages
{
    /// <summary>Every chunk of the sealed archive is acknowledged: durable on the receiver.</summary>
    public sealed class AllChunksAcknowledged
    {
        public static readonly AllChunksAcknowledged Instance = new();

        private AllChunksAcknowledged()
        {
        }
    }

    public sealed record TransferBroken(string Reason, Exception Cause);

    public sealed record BytesAcknowledged(long Total);
}
