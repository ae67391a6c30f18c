using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>
/// An archiver's onChunkSealed for tests: records each chunk and checks, the moment it is announced, that another
/// reader already sees its final bytes on disk (its checksum matches). Then asserts the chunks tile the archive.
/// </summary>
internal sealed class SealedChunkRecorder(string archivePath)
{
    private readonly List<int> _mismatches = [];

    public List<SealedChunk> Chunks { get; } = [];

    public void OnSealed(SealedChunk chunk)
    {
        using var reader = File.OpenHandle(archivePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[chunk.Length];
        RandomAccess.Read(reader, bytes, chunk.Offset);
        if (ChunkChecksum.Compute(bytes) != chunk.Checksum)
        {
            _mismatches.Add(chunk.Index);
        }

        Chunks.Add(chunk);
    }

    /// <summary>Every chunk matched when sealed; indexes 0..n-1 in order; end to end from 0; all full but the last; the whole file; its SHA-256.</summary>
    public async Task AssertTheyCoverAsync(ArchiveResult result, int chunkSize)
    {
        Assert.Empty(_mismatches);
        Assert.Equal(result.ChunkCount, Chunks.Count);
        Assert.Equal(Enumerable.Range(0, Chunks.Count), Chunks.Select(c => c.Index));
        long expectedOffset = 0;
        foreach (var chunk in Chunks)
        {
            Assert.Equal(expectedOffset, chunk.Offset);
            Assert.True(chunk.Length == chunkSize || chunk.Index == Chunks.Count - 1);
            expectedOffset += chunk.Length;
        }

        Assert.Equal(result.Length, expectedOffset);
        Assert.Equal(new FileInfo(result.ArchivePath).Length, expectedOffset);
        Assert.Equal(await FileHashing.Sha256HexAsync(result.ArchivePath, CancellationToken.None), result.Sha256);
    }
}
