using AkkaBackup.Store.Database;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Secrets;

/// <summary>
/// Ties a key file to its database: a known value encrypted with the key is stored in the database. A missing
/// or different key is caught when the store opens, instead of a fresh key silently making every stored
/// password unreadable.
/// </summary>
internal static class KeyCheck
{
    private const string MetaKey = "key-check";
    private const string Context = "key check";

    public static async Task<SecretCipher> OpenCipherAsync(SqliteConnection connection, string databasePath, CancellationToken ct)
    {
        var keyPath = KeyFile.PathFor(databasePath);
        var check = await connection.ScalarAsync(null, "SELECT value FROM store_meta WHERE key = $key;", ct, ("$key", MetaKey)) as byte[];
        if (check is not null && !File.Exists(keyPath))
        {
            throw new StoreException(
                $"database {databasePath} holds secrets encrypted with key file {keyPath}, which is missing: restore that file (a new key cannot read them)");
        }

        var cipher = new SecretCipher(KeyFile.LoadOrCreate(keyPath), keyPath);
        if (check is null)
        {
            await connection.ExecuteAsync(
                null,
                "INSERT INTO store_meta (key, value) VALUES ($key, $value);",
                ct,
                ("$key", MetaKey),
                ("$value", cipher.Encrypt(new Secret(MetaKey), Context)));
            return cipher;
        }

        try
        {
            cipher.Decrypt(check, Context);
        }
        catch (StoreException)
        {
            throw new StoreException($"key file {keyPath} is not the key of database {databasePath}: restore the key file that was created with this database");
        }

        return cipher;
    }
}
