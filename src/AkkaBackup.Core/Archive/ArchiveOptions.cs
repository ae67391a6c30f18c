namespace AkkaBackup.Core.Archive;

/// <param name="ChunkSize">Size of the sealed pieces handed to the sender.</param>
/// <param name="BlockSize">Files are compressed in blocks of this size, in parallel.</param>
/// <param name="CompressionLevel">zlib level 1-9 (0 stores the blocks uncompressed, still as deflate).</param>
/// <param name="Parallelism">Compression threads; 0 = one per core.</param>
/// <param name="MaxBlocksInFlight">Blocks read but not yet written; bounds memory to about twice this many blocks. 0 = 2 × threads + 2.</param>
public sealed record ArchiveOptions(
    int ChunkSize = 8 * 1024 * 1024,
    int BlockSize = 1024 * 1024,
    int CompressionLevel = 2,
    int Parallelism = 0,
    int MaxBlocksInFlight = 0)
{
    /// <summary>Chunks written but not yet durable and announced, at most: past that the writing waits for the disk and the sender.</summary>
    public const int UnsealedChunks = 2;

    public int Threads => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;

    public int BlocksInFlight => MaxBlocksInFlight > 0 ? MaxBlocksInFlight : (2 * Threads) + 2;
}

public sealed record ArchiveProgress(long SourceBytesRead, long SourceBytesTotal, long ArchiveBytesWritten, int FilesDone, int FilesTotal);

/// <summary>A sealed archive. <paramref name="FromLsn"/> and <paramref name="ToLsn"/>: a hot copy's redo log range (its point in time), null otherwise.</summary>
public sealed record ArchiveResult(string ArchivePath, long Length, int ChunkCount, string Sha256, long DataBytes, int FileCount, string? FromLsn = null, string? ToLsn = null);
