using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Client.Archiving;

public static class CompressorMessages
{
    /// <summary>A chunk of <c>Data.zip</c> is final and on disk; it can be sent.</summary>
    public sealed record ChunkSealed(SealedChunk Chunk);

    /// <summary>The whole archive is written, fsynced and hashed.</summary>
    public sealed record ArchiveSealed(ArchiveResult Result);

    /// <summary>Compression failed; the partial archive is already deleted.</summary>
    public sealed record ArchiveFailed(Exception Cause);

    public sealed record ArchivingProgress(ArchiveProgress Progress);

    /// <summary>Cold: every byte of the data directory is read or copied to staging; compression goes on without it.</summary>
    public sealed record DataDirectoryReleased(SourceReleased Released);

    /// <summary>Stop compressing; the compressor answers <see cref="ArchiveFailed"/> once the partial archive is removed.</summary>
    public sealed class CancelCompression
    {
        public static readonly CancelCompression Instance = new();

        private CancelCompression()
        {
        }
    }
}
