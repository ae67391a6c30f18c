using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Client.Tests.Transfer;

public sealed class TransferLedgerTests
{
    [Fact]
    public void Has_pending_follows_sealed_chunks_acknowledgements_and_a_resume_bitmap()
    {
        var ledger = new TransferLedger();
        Assert.False(ledger.HasPending);

        ledger.Add(new SealedChunk(0, 0, 10, 1));
        ledger.Add(new SealedChunk(1, 10, 10, 2));
        Assert.True(ledger.HasPending);

        ledger.Acknowledge(0);
        ledger.Acknowledge(7);
        Assert.True(ledger.HasPending);
        ledger.Acknowledge(1);
        Assert.False(ledger.HasPending);

        // A resume where the receiver holds only chunk 1: chunk 0 is pending again.
        ledger.ResetTo(ChunkBitmap.From([1, 5]));
        Assert.True(ledger.HasPending);
        Assert.Equal([0], ledger.Pending().Select(c => c.Index));
    }
}
