using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.Core.Hot;

/// <summary>
/// Takes a hot backup: mariadb-backup streams the running server's files as an xbstream on its stdout, which is
/// gzip-compressed on all cores (<see cref="ParallelGzip"/>) into the archive through the same sealing stream as
/// the cold <c>Data.zip</c>, so each chunk goes to the sender while the copy goes on. The archive is a plain
/// <c>.xbstream.gz</c> that stock tools restore. Nothing of a failed or cancelled run is left behind.
/// </summary>
public sealed class HotStreamArchiver(ArchiveOptions options)
{
    // As the cold archiver: a report per block would be a message per megabyte to the run's actors.
    private const int ProgressEveryBlocks = 32;

    /// <summary>
    /// Runs <c>mariadb-backup --defaults-extra-file=&lt;0600 file&gt; --backup --stream=xbstream</c> and archives its
    /// output into <paramref name="archivePath"/> (which must not exist), calling <paramref name="onChunkSealed"/>
    /// for each sealed chunk and reporting progress: <see cref="ArchiveProgress.SourceBytesRead"/> is the stream read
    /// so far, <see cref="ArchiveProgress.SourceBytesTotal"/> the data directory's size (an estimate: the stream leaves
    /// out the server's own redo log files and adds the redo written meanwhile), files as mariadb-backup reports them. The archive
    /// is on disk (fsync) before this returns.
    /// </summary>
    /// <exception cref="ArchiveException">The archive exists already, or the tool failed (exit code and its stderr's telling lines), or ended without "completed OK!".</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the tool's process tree was killed.</exception>
    public Task<HotArchiveResult> CreateAsync(
        HotBackupRequest request, string archivePath, Action<SealedChunk> onChunkSealed, IProgress<ArchiveProgress>? progress, CancellationToken token)
    {
        return NewArchiveFile.WriteAsync(archivePath, async file =>
        {
            using var workspace = HotBackupWorkspace.Create(request.WorkDirectory, request.Connection);
            return await WriteAsync(request, workspace, file, archivePath, onChunkSealed, progress, token);
        });
    }

    private async Task<HotArchiveResult> WriteAsync(
        HotBackupRequest request, HotBackupWorkspace workspace, FileStream file, string archivePath, Action<SealedChunk> onChunkSealed,
        IProgress<ArchiveProgress>? progress, CancellationToken token)
    {
        using var sealing = new SealingStream(file, options.ChunkSize, onChunkSealed);
        var log = new MariaBackupLog();
        var estimate = DirectorySize(request.DataDirectory);
        long streamed = 0;
        var command = new ProcessCommand(request.Tool.BackupPath,
        [
            // mariadb-backup refuses --defaults-extra-file anywhere but first.
            $"--defaults-extra-file={workspace.OptionsFile}",
            "--backup",
            "--stream=xbstream",
            $"--target-dir={workspace.TargetDirectory}",
            $"--tmpdir={workspace.TemporaryDirectory}",
            $"--datadir={Path.GetFullPath(request.DataDirectory)}",
            $"--parallel={Math.Max(1, request.Parallel)}",
        ]);
        var blocks = 0;
        var streams = new ProcessStreams(
            ReadOutput: async (stdout, ct) => streamed = await ParallelGzip.CompressAsync(stdout, sealing, options, read =>
            {
                if (++blocks % ProgressEveryBlocks == 0)
                {
                    progress?.Report(new ArchiveProgress(read, Math.Max(read, estimate), sealing.Position, log.FileCount, 0));
                }
            }, ct),
            ErrorLine: log.Add);

        var (exitCode, _) = await ProcessRunner.RunStreamingAsync(command, streams, token);
        if (exitCode != 0)
        {
            throw new ArchiveException($"{Path.GetFileName(request.Tool.BackupPath)} ({request.Connection}) exited with code {exitCode}: {log.FailureReason()}");
        }

        if (!log.CompletedOk)
        {
            throw new ArchiveException(
                $"{Path.GetFileName(request.Tool.BackupPath)} exited with code 0 but never reported \"completed OK!\"; the stream cannot be trusted. Its last lines: {log.FailureReason()}");
        }

        var sha256 = sealing.Complete();
        progress?.Report(new ArchiveProgress(streamed, streamed, sealing.Position, log.FileCount, log.FileCount));
        var archive = new ArchiveResult(archivePath, sealing.Position, sealing.ChunkCount, sha256, streamed, log.FileCount, log.FromLsn, log.ToLsn);
        return new HotArchiveResult(archive, log.FromLsn, log.ToLsn, log.CheckpointLsn, log.ToolVersion) { LogTail = log.Tail };
    }

    private static long DirectorySize(string path)
    {
        try
        {
            return new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
