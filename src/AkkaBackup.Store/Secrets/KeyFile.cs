using System.Security.Cryptography;

namespace AkkaBackup.Store.Secrets;

/// <summary>
/// The 32-byte key that encrypts the store's secrets, in a file beside the database. Created on first use
/// with mode 0600; a key file that anyone but its owner can read is refused, because it would make the
/// encryption pointless. Windows has no such modes: there the folder's ACL must protect the key, and is
/// not checked here.
/// </summary>
internal static class KeyFile
{
    public const int Length = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string PathFor(string databasePath) => databasePath + ".key";

    public static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        return Load(path);
    }

    private static byte[] Load(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOthers) != 0)
            {
                throw new StoreException(
                    $"key file {path} has mode {Octal(mode)}: it must be readable only by the node's user; run chmod 600 {path}");
            }
        }

        var key = File.ReadAllBytes(path);
        return key.Length == Length
            ? key
            : throw new StoreException($"key file {path} holds {key.Length} bytes, not {Length}: it is damaged or not an akkabackup key file");
    }

    private static void TryCreate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(RandomNumberGenerator.GetBytes(Length));
            file.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
