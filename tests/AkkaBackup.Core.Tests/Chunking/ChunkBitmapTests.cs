using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Tests.Chunking;

public sealed class ChunkBitmapTests
{
    [Fact]
    public void Indices_round_trip_through_the_bitmap()
    {
        int[] indices = [0, 1, 7, 8, 9, 63, 64, 100_000];

        var bitmap = ChunkBitmap.From(indices);

        Assert.Equal(indices, ChunkBitmap.Indices(bitmap));
        Assert.Equal(100_000 / 8 + 1, bitmap.Length);
        Assert.False(ChunkBitmap.Contains(bitmap, 2));
        Assert.False(ChunkBitmap.Contains(bitmap, 100_001));
        Assert.False(ChunkBitmap.Contains(bitmap, -1));
    }

    [Fact]
    public void The_empty_set_is_an_empty_bitmap()
    {
        Assert.Empty(ChunkBitmap.From([]));
        Assert.Empty(ChunkBitmap.Indices([]));
    }
}
