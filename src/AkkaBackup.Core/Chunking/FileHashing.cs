using AkkaBackup.Core.Archive;
using System.Security.Cryptography;

namespace AkkaBackup.Core.Chunking;

public static class FileHashing
{
    /// <summary>SHA-256 of a whole file, streamed through a 1 MiB buffer, as lowercase hex.</summary>
    public static async Task<string> Sha256HexAsync(string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = BlockBuffers.Pool.Rent(1024 * 1024);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, 1024 * 1024), ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            BlockBuffers.Pool.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
