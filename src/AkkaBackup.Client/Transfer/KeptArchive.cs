using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Client.Transfer;

/// <summary>A sealed Data.zip read back from disk after a restart: its chunks, with fresh checksums, ready to resend.</summary>
public static class KeptArchive
{
    public static async Task<TransferLedger> LoadAsync(string path, long expectedLength, int chunkSize, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new PermanentTransferException($"the kept archive {path} is gone");
        }

        if (info.Length != expectedLength)
        {
            throw new PermanentTransferException($"the kept archive {path} has {info.Length:N0} bytes, but {expectedLength:N0} were sealed");
        }

        var ledger = new TransferLedger();
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[chunkSize];
        var count = (int)((expectedLength + chunkSize - 1) / chunkSize);
        for (var i = 0; i < count; i++)
        {
            var offset = (long)i * chunkSize;
            var length = (int)Math.Min(chunkSize, expectedLength - offset);
            var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, length), offset, ct);
            if (read != length)
            {
                throw new PermanentTransferException($"the kept archive {path} ended early at chunk {i}");
            }

            ledger.Add(new SealedChunk(i, offset, length, ChunkChecksum.Compute(buffer.AsSpan(0, length))));
        }

        ledger.Seal(count);
        return ledger;
    }
}
