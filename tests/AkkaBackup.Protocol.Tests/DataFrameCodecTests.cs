using System.Buffers.Binary;
using AkkaBackup.Protocol.DataPlane;

namespace AkkaBackup.Protocol.Tests;

public sealed class DataFrameCodecTests
{
    public static TheoryData<DataFrame> ControlFrames() =>
    [
        new Hello(Hello.CurrentVersion, "20261124120000-0123456789abcdef"),
        new HelloAccepted(8 * 1024 * 1024),
        new HelloRefused("no open transfer"),
        new ChunkAck(41),
        new ChunkNack(42, "checksum mismatch"),
        new StoreFull(7, "/srv/akkabackup", 4096),
    ];

    [Theory]
    [MemberData(nameof(ControlFrames))]
    public async Task Control_frames_round_trip(DataFrame frame)
    {
        var stream = new MemoryStream();
        await DataFrameCodec.WriteAsync(stream, frame, CancellationToken.None);
        stream.Position = 0;

        Assert.Equal(frame, await DataFrameCodec.ReadAsync(stream, 1024, CancellationToken.None));
        Assert.Null(await DataFrameCodec.ReadAsync(stream, 1024, CancellationToken.None));
    }

    [Fact]
    public async Task Chunk_frames_round_trip_with_their_bytes()
    {
        var data = new byte[1000];
        Random.Shared.NextBytes(data);
        var stream = new MemoryStream();
        await DataFrameCodec.WriteAsync(stream, new ChunkFrame(3, 3000, 1000, 0xDEADBEEFCAFEF00D, data), CancellationToken.None);
        stream.Position = 0;

        var back = Assert.IsType<ChunkFrame>(await DataFrameCodec.ReadAsync(stream, 4096, CancellationToken.None));

        Assert.Equal((3, 3000L, 1000, 0xDEADBEEFCAFEF00DUL), (back.Index, back.Offset, back.Length, back.Checksum));
        Assert.Equal(data, back.Data.AsSpan(0, back.Length).ToArray());
        DataFrameCodec.Release(back);
    }

    [Fact]
    public async Task A_chunk_larger_than_the_limit_is_refused_before_it_is_read()
    {
        var stream = new MemoryStream();
        await DataFrameCodec.WriteAsync(stream, new ChunkFrame(0, 0, 5000, 1, new byte[5000]), CancellationToken.None);
        stream.Position = 0;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DataFrameCodec.ReadAsync(stream, 4096, CancellationToken.None));
        Assert.Contains("4096", error.Message);
    }

    [Fact]
    public async Task Hostile_headers_are_refused_with_the_bad_value()
    {
        var unknownType = new byte[] { 77, 0, 0, 0, 0 };
        var unknown = await Assert.ThrowsAsync<InvalidDataException>(() => DataFrameCodec.ReadAsync(new MemoryStream(unknownType), 1024, CancellationToken.None));
        Assert.Contains("77", unknown.Message);

        var huge = new byte[5];
        huge[0] = (byte)DataFrameType.HelloRefused;
        BinaryPrimitives.WriteInt32BigEndian(huge.AsSpan(1), int.MaxValue);
        var tooBig = await Assert.ThrowsAsync<InvalidDataException>(() => DataFrameCodec.ReadAsync(new MemoryStream(huge), 1024, CancellationToken.None));
        Assert.Contains(int.MaxValue.ToString(), tooBig.Message);

        var lying = new byte[5 + 24];
        lying[0] = (byte)DataFrameType.Chunk;
        BinaryPrimitives.WriteInt32BigEndian(lying.AsSpan(1), 24);
        BinaryPrimitives.WriteInt32BigEndian(lying.AsSpan(5 + 12), 500);
        var mismatch = await Assert.ThrowsAsync<InvalidDataException>(() => DataFrameCodec.ReadAsync(new MemoryStream(lying), 1024, CancellationToken.None));
        Assert.Contains("500", mismatch.Message);
    }

    [Fact]
    public async Task A_truncated_frame_is_an_error_not_a_short_read()
    {
        var stream = new MemoryStream();
        await DataFrameCodec.WriteAsync(stream, new HelloRefused("a reason"), CancellationToken.None);
        var truncated = new MemoryStream(stream.ToArray()[..^2]);

        await Assert.ThrowsAsync<EndOfStreamException>(() => DataFrameCodec.ReadAsync(truncated, 1024, CancellationToken.None));
    }
}
