using System.IO.Compression;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.Core.Hot;

/// <summary>
/// Turns a hot archive back into a data directory with the stock tools, as a person would by hand:
/// <c>gunzip -c | mbstream -x -C dir</c>, then <c>mariadb-backup --prepare --target-dir dir</c>, which applies the
/// redo log copied during the backup so the files are consistent as of its end.
/// </summary>
public static class HotBackupRestorer
{
    private const int CopyBuffer = 1024 * 1024;

    /// <summary>
    /// Streams the decompressed archive into mbstream through a pipe (no temporary copy), then prepares the
    /// result. <paramref name="targetDirectory"/> must be empty or missing. The gzip CRC-32 and length are checked
    /// at the end of the stream: a damaged archive fails with a message that says so. On success the directory
    /// is one mariadbd starts on (once it belongs to the server's user). With <paramref name="expectedSha256"/> (the
    /// manifest's) the whole file is hashed first and a mismatch extracts nothing.
    /// </summary>
    /// <exception cref="ArchiveException">The target is not empty, the archive is damaged, or a tool failed (with its stderr's last lines).</exception>
    public static async Task RestoreAsync(HotBackupTool tool, string archivePath, string targetDirectory, CancellationToken token, string? expectedSha256 = null)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new ArchiveException($"target directory '{target}' is not empty; restore a hot archive into an empty directory");
        }

        if (expectedSha256 is not null)
        {
            var actual = await FileHashing.Sha256HexAsync(archivePath, token);
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArchiveException($"{archivePath} has SHA-256 {actual}, its manifest says {expectedSha256}: the archive is damaged; nothing was restored");
            }
        }

        Directory.CreateDirectory(target);
        await ExtractAsync(tool, archivePath, target, token);
        await PrepareAsync(tool, target, token);
    }

    private static async Task ExtractAsync(HotBackupTool tool, string archivePath, string target, CancellationToken token)
    {
        var extract = new ProcessCommand(tool.ExtractPath, ["-x", "-C", target]) { Output = OutputLimit.Last(8 * 1024) };
        var streams = new ProcessStreams(WriteInput: (stdin, ct) => GunzipAsync(archivePath, stdin, ct));
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunStreamingAsync(extract, streams, token);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException($"'{archivePath}' is damaged (gzip: {e.Message}); the extraction in {target} is incomplete", e);
        }

        if (result.ExitCode != 0)
        {
            throw new ArchiveException($"{Path.GetFileName(tool.ExtractPath)} -x -C {target} {result.Failure}");
        }
    }

    /// <summary>
    /// Decompresses into the extractor's stdin. .NET's gzip reader checks each member's CRC-32 and length at its
    /// end and throws <see cref="InvalidDataException"/> on a mismatch. An extractor that exits early breaks the pipe:
    /// writing stops there and its exit code and message tell why.
    /// </summary>
    private static async Task GunzipAsync(string archivePath, Stream stdin, CancellationToken ct)
    {
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer, FileOptions.SequentialScan);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var buffer = new byte[CopyBuffer];
        int read;
        while ((read = await gzip.ReadAsync(buffer, ct)) > 0)
        {
            try
            {
                await stdin.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private static async Task PrepareAsync(HotBackupTool tool, string target, CancellationToken token)
    {
        var log = new MariaBackupLog();
        var prepare = new ProcessCommand(tool.BackupPath, ["--prepare", $"--target-dir={target}"]);
        var (exitCode, _) = await ProcessRunner.RunStreamingAsync(prepare, new ProcessStreams(ErrorLine: log.Add), token);
        if (exitCode != 0 || !log.CompletedOk)
        {
            throw new ArchiveException(
                $"{Path.GetFileName(tool.BackupPath)} --prepare --target-dir={target} exited with code {exitCode}{(exitCode == 0 ? " without \"completed OK!\"" : "")}: {log.FailureReason()}");
        }
    }
}
