using Akka.Event;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Hot;

namespace AkkaBackup.Client.Archiving;

/// <summary>What the <see cref="Compressor"/> writes into the staged archive, chunk by sealed chunk.</summary>
public abstract record ArchiveSource
{
    /// <param name="onSourceReleased">Cold: called once the data directory is read or copied and will not be read again.</param>
    public abstract Task<ArchiveResult> WriteAsync(
        string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress> progress, Action<SourceReleased> onSourceReleased, ILoggingAdapter log, CancellationToken token);
}

/// <summary>
/// Cold (the proven-down data directory) and snapshot (its clone): <c>Data.zip</c>. The directory is walked
/// again here, after the server is proven down: a stopping server removes and rewrites files (recovery logs,
/// redo logs), so the pre-flight walk only sized the run. <paramref name="CopyAhead"/>: cold with
/// <c>restart-after = copy</c>, the files are also copied into the staging disk ahead of compression.
/// </summary>
public sealed record DirectorySource(string Directory, ArchiveOptions Options, CopyAheadOptions? CopyAhead = null) : ArchiveSource
{
    public override async Task<ArchiveResult> WriteAsync(
        string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress> progress, Action<SourceReleased> onSourceReleased, ILoggingAdapter log, CancellationToken token)
    {
        var scan = DataDirectoryScanner.Scan(Directory);
        foreach (var skipped in scan.Skipped)
        {
            log.Warning("Not archived: {0}", skipped);
        }

        log.Info("Compressing {0} ({1:N0} bytes in {2:N0} files) into {3}", scan.Root, scan.TotalBytes, scan.FileCount, archivePath);
        return await new DataDirectoryArchiver(Options).CreateAsync(scan, archivePath, onChunkSealed, progress, token, CopyAhead, onSourceReleased);
    }
}

/// <summary>Hot: mariadb-backup's xbstream of the running server, gzip-compressed into <c>Data.xbstream.gz</c>.</summary>
public sealed record HotStreamSource(HotBackupRequest Request, ArchiveOptions Options) : ArchiveSource
{
    public override async Task<ArchiveResult> WriteAsync(
        string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress> progress, Action<SourceReleased> onSourceReleased, ILoggingAdapter log, CancellationToken token)
    {
        log.Info("Streaming a hot copy of {0} with {1} into {2}", Request.DataDirectory, Request.Tool.BackupPath, archivePath);
        var result = await new HotStreamArchiver(Options).CreateAsync(Request, archivePath, onChunkSealed, progress, token);
        log.Info("Hot copy complete ({0}): redo log from LSN {1} to {2}, checkpoint {3}", result.ToolVersion, result.FromLsn ?? "?", result.ToLsn ?? "?", result.CheckpointLsn ?? "?");
        return result.Archive;
    }
}
