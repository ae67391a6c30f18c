namespace AkkaBackup.Core.Archive;

/// <summary>
/// How every archiver writes its file: created new (never over an existing one, which may be the kept copy of an
/// earlier run), written off the caller's thread, and deleted when the writing fails or is cancelled, so a
/// partial archive never stays behind.
/// </summary>
internal static class NewArchiveFile
{
    public static Task<T> WriteAsync<T>(string archivePath, Func<FileStream, Task<T>> write)
    {
        return Task.Run(async () =>
        {
            FileStream file;
            try
            {
                file = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1024 * 1024);
            }
            catch (IOException e) when (File.Exists(archivePath))
            {
                throw new ArchiveException($"'{archivePath}' already exists; refusing to overwrite it", e);
            }

            try
            {
                await using (file)
                {
                    return await write(file);
                }
            }
            catch
            {
                TryDelete(archivePath);
                throw;
            }
        }, CancellationToken.None);
    }

    /// <summary>Deletes a file that may already be gone; one that cannot be deleted stays (the caller has a worse error to report).</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
