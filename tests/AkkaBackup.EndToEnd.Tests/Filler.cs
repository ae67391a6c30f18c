namespace AkkaBackup.EndToEnd.Tests;

/// <summary>A file of whole mebibytes in a server's data directory: random bytes (deflate cannot shrink them) or repeated order lines.</summary>
public static class Filler
{
    private const int MiB = 1024 * 1024;

    public static async Task WriteAsync(string path, int mebibytes, bool compressible = false)
    {
        await using var filler = File.Create(path);
        var block = new byte[MiB];
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"order {i} paid {i * 7 % 1000} ")));
        for (var i = 0; i < mebibytes; i++)
        {
            if (compressible)
            {
                for (var at = 0; at < block.Length; at += text.Length)
                {
                    text.AsSpan(0, Math.Min(text.Length, block.Length - at)).CopyTo(block.AsSpan(at));
                }

                block[i % block.Length] = (byte)i;
            }
            else
            {
                System.Security.Cryptography.RandomNumberGenerator.Fill(block);
            }

            await filler.WriteAsync(block);
        }
    }
}
