using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AkkaBackup.Core.Security;

/// <summary>
/// Signs a console command with the console's certificate key and checks such a signature. The TLS
/// under Akka.Remote only proves that the peer holds <i>some</i> certificate the node admits — a client
/// node admits its receiver, a receiver its clients — so a command must also prove it comes from a console.
/// The signed bytes are the words (length-prefixed UTF-8), the request id and the time it was issued.
/// </summary>
public static class RequestSignature
{
    public static byte[] Payload(IReadOnlyList<string> words, string requestId, long issuedAtUnixMs, string nodeName)
    {
        using var buffer = new MemoryStream();
        Write(buffer, "akkabackup-console-request-v2");
        Write(buffer, nodeName);
        Write(buffer, requestId);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, issuedAtUnixMs);
        buffer.Write(time);
        Write(buffer, words.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var word in words)
        {
            Write(buffer, word);
        }

        return buffer.ToArray();
    }

    /// <exception cref="InvalidOperationException">The certificate carries no RSA or ECDSA private key.</exception>
    public static byte[] Sign(X509Certificate2 certificate, byte[] payload)
    {
        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return rsa.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }

        if (certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                return ecdsa.SignData(payload, HashAlgorithmName.SHA256);
            }
        }

        throw new InvalidOperationException($"certificate {certificate.Subject} has no RSA or ECDSA private key to sign console commands with");
    }

    public static bool Verify(X509Certificate2 certificate, byte[] payload, byte[] signature)
    {
        try
        {
            if (certificate.GetRSAPublicKey() is { } rsa)
            {
                using (rsa)
                {
                    return rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
            }

            if (certificate.GetECDsaPublicKey() is { } ecdsa)
            {
                using (ecdsa)
                {
                    return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256);
                }
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        return false;
    }

    private static void Write(Stream buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
