namespace AkkaBackup.Core.Chunking;

/// <summary>A set of chunk indices as a bitmap (bit i of byte i/8): 16 KiB describes a 1 TB archive in 8 MiB chunks.</summary>
public static class ChunkBitmap
{
    public static byte[] From(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        var bitmap = new byte[list.Count == 0 ? 0 : (list.Max() / 8) + 1];
        foreach (var i in list)
        {
            if (i < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, "chunk indices are never negative");
            }

            bitmap[i / 8] |= (byte)(1 << (i % 8));
        }

        return bitmap;
    }

    public static bool Contains(byte[] bitmap, int index) =>
        index >= 0 && index / 8 < bitmap.Length && (bitmap[index / 8] & (1 << (index % 8))) != 0;

    public static IEnumerable<int> Indices(byte[] bitmap)
    {
        for (var i = 0; i < bitmap.Length * 8; i++)
        {
            if (Contains(bitmap, i))
            {
                yield return i;
            }
        }
    }
}
