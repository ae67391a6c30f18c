using AkkaBackup.Core.Chunking;
using AkkaBackup.Receiver.Configuration;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// Re-reads recorded chunks from the <c>.part</c> file and returns those whose bytes no longer match their
/// checksum (or are missing): after a crash the journal is trusted only as far as the disk agrees.
/// </summary>
public static class ChunkVerifier
{
    public static async Task<IReadOnlyList<int>> FindDamagedAsync(
        string partPath, IReadOnlyCollection<ChunkPersisted> chunks, ResumeVerification how, CancellationToken ct)
    {
        var toCheck = how.All ? chunks.ToList() : Sample(chunks, how);
        var damaged = new List<int>();
        if (!File.Exists(partPath))
        {
            return chunks.Select(c => c.Index).ToList();
        }

        using var file = File.OpenHandle(partPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        var buffer = new byte[toCheck.Count == 0 ? 0 : toCheck.Max(c => c.Length)];
        foreach (var chunk in toCheck.OrderBy(c => c.Offset))
        {
            if (chunk.Offset + chunk.Length > length)
            {
                damaged.Add(chunk.Index);
                continue;
            }

            var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, chunk.Length), chunk.Offset, ct);
            if (read != chunk.Length || ChunkChecksum.Compute(buffer.AsSpan(0, chunk.Length)) != chunk.Checksum)
            {
                damaged.Add(chunk.Index);
            }
        }

        return damaged;
    }

    private static List<ChunkPersisted> Sample(IReadOnlyCollection<ChunkPersisted> chunks, ResumeVerification how)
    {
        var byIndex = chunks.OrderBy(c => c.Index).ToList();
        var tail = byIndex.Skip(Math.Max(0, byIndex.Count - how.Tail));
        var sample = byIndex.Take(Math.Max(0, byIndex.Count - how.Tail)).OrderBy(_ => Random.Shared.Next()).Take(how.Sample);
        return sample.Concat(tail).ToList();
    }
}
