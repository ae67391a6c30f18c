using System.Security.Cryptography;
using System.Text;

namespace AkkaBackup.Store.Secrets;

/// <summary>
/// AES-256-GCM with a fresh random nonce per value. The value's context (e.g. <c>instance/db1/password</c>)
/// is authenticated data, so a ciphertext copied into another row does not decrypt.
/// Layout: version (1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
internal sealed class SecretCipher(byte[] key, string keyPath)
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    public byte[] Encrypt(Secret secret, string context)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret.Reveal());
        var blob = new byte[HeaderSize + plaintext.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(plaintext);
        return blob;
    }

    public Secret Decrypt(byte[] blob, string context)
    {
        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
        {
            throw new StoreException($"the stored {context} is not in a format this akkabackup knows");
        }

        var plaintext = new byte[blob.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StoreException($"the stored {context} does not decrypt with key file {keyPath}: the key file was replaced, or the value was altered");
        }

        return new Secret(Encoding.UTF8.GetString(plaintext));
    }
}
