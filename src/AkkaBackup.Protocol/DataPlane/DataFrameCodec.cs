using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AkkaBackup.Protocol.DataPlane;

/// <summary>
/// Reads and writes <see cref="DataFrame"/>s. Reading treats the peer as hostile: every length is
/// checked against a limit before anything is allocated, and malformed frames throw
/// <see cref="InvalidDataException"/> naming what was wrong.
/// </summary>
public static class DataFrameCodec
{
    private const int HeaderSize = 5;
    private const int ChunkHeaderSize = 4 + 8 + 4 + 8;
    private const int MaxControlPayload = 64 * 1024;

    public static async Task WriteAsync(Stream stream, DataFrame frame, CancellationToken ct)
    {
        if (frame is ChunkFrame chunk)
        {
            var header = new byte[HeaderSize + ChunkHeaderSize];
            header[0] = (byte)DataFrameType.Chunk;
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), ChunkHeaderSize + chunk.Length);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(5), chunk.Index);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(9), chunk.Offset);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(17), chunk.Length);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(21), chunk.Checksum);
            await stream.WriteAsync(header, ct).ConfigureAwait(false);
            await stream.WriteAsync(chunk.Data.AsMemory(0, chunk.Length), ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
            return;
        }

        var (type, payload) = EncodeControl(frame);
        var buffer = new byte[HeaderSize + payload.Length];
        buffer[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), payload.Length);
        payload.CopyTo(buffer, HeaderSize);
        await stream.WriteAsync(buffer, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one frame; returns null on a clean end of stream before a frame starts. Chunk data is
    /// rented from <see cref="ChunkBuffers.Pool"/> (after its bytes are taken from <paramref name="budget"/>,
    /// when one is given): return both with <see cref="Release"/>.
    /// </summary>
    public static async Task<DataFrame?> ReadAsync(Stream stream, int maxChunkLength, CancellationToken ct, ByteBudget? budget = null)
    {
        var header = new byte[HeaderSize];
        var first = await stream.ReadAsync(header.AsMemory(0, 1), ct).ConfigureAwait(false);
        if (first == 0)
        {
            return null;
        }

        await stream.ReadExactlyAsync(header.AsMemory(1, HeaderSize - 1), ct).ConfigureAwait(false);
        var type = (DataFrameType)header[0];
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length < 0)
        {
            throw new InvalidDataException($"Data-plane frame of type {header[0]} has negative length {length}");
        }

        if (type == DataFrameType.Chunk)
        {
            return await ReadChunkAsync(stream, length, maxChunkLength, budget, ct).ConfigureAwait(false);
        }

        if (length > MaxControlPayload)
        {
            throw new InvalidDataException($"Data-plane control frame of type {header[0]} is {length} bytes, limit {MaxControlPayload}");
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
        return DecodeControl(type, payload);
    }

    public static void Release(DataFrame? frame)
    {
        if (frame is ChunkFrame chunk)
        {
            ChunkBuffers.Pool.Return(chunk.Data);
            chunk.Budget?.Release(chunk.Length);
        }
    }

    private static async Task<ChunkFrame> ReadChunkAsync(Stream stream, int length, int maxChunkLength, ByteBudget? budget, CancellationToken ct)
    {
        if (length < ChunkHeaderSize || length - ChunkHeaderSize > maxChunkLength)
        {
            throw new InvalidDataException($"Chunk frame length {length} is outside 0..{maxChunkLength} bytes of data");
        }

        var fields = new byte[ChunkHeaderSize];
        await stream.ReadExactlyAsync(fields, ct).ConfigureAwait(false);
        var index = BinaryPrimitives.ReadInt32BigEndian(fields);
        var offset = BinaryPrimitives.ReadInt64BigEndian(fields.AsSpan(4));
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(fields.AsSpan(12));
        var checksum = BinaryPrimitives.ReadUInt64BigEndian(fields.AsSpan(16));
        if (dataLength != length - ChunkHeaderSize)
        {
            throw new InvalidDataException($"Chunk {index} declares {dataLength} bytes but its frame carries {length - ChunkHeaderSize}");
        }

        if (budget is not null)
        {
            await budget.AcquireAsync(dataLength, ct).ConfigureAwait(false);
        }

        var data = ChunkBuffers.Pool.Rent(Math.Max(dataLength, 1));
        try
        {
            await stream.ReadExactlyAsync(data.AsMemory(0, dataLength), ct).ConfigureAwait(false);
        }
        catch
        {
            ChunkBuffers.Pool.Return(data);
            budget?.Release(dataLength);
            throw;
        }

        return new ChunkFrame(index, offset, dataLength, checksum, data, budget);
    }

    private static (DataFrameType Type, byte[] Payload) EncodeControl(DataFrame frame)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms, Encoding.UTF8);
        DataFrameType type;
        switch (frame)
        {
            case Hello h:
                type = DataFrameType.Hello;
                w.Write(h.ProtocolVersion);
                w.Write(h.TransferId);
                break;
            case HelloAccepted a:
                type = DataFrameType.HelloAccepted;
                w.Write(a.ChunkSize);
                break;
            case HelloRefused r:
                type = DataFrameType.HelloRefused;
                w.Write(r.Reason);
                break;
            case ChunkAck ack:
                type = DataFrameType.ChunkAck;
                w.Write(ack.Index);
                break;
            case ChunkNack nack:
                type = DataFrameType.ChunkNack;
                w.Write(nack.Index);
                w.Write(nack.Reason);
                break;
            case StoreFull full:
                type = DataFrameType.StoreFull;
                w.Write(full.Index);
                w.Write(full.Volume);
                w.Write(full.FreeBytes);
                break;
            case Ping:
                type = DataFrameType.Ping;
                break;
            default:
                throw new ArgumentException($"Not a control frame: {frame.GetType().Name}", nameof(frame));
        }

        w.Flush();
        return (type, ms.ToArray());
    }

    private static DataFrame DecodeControl(DataFrameType type, byte[] payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        try
        {
            DataFrame frame = type switch
            {
                DataFrameType.Hello => new Hello(r.ReadInt32(), r.ReadString()),
                DataFrameType.HelloAccepted => new HelloAccepted(r.ReadInt32()),
                DataFrameType.HelloRefused => new HelloRefused(r.ReadString()),
                DataFrameType.ChunkAck => new ChunkAck(r.ReadInt32()),
                DataFrameType.ChunkNack => new ChunkNack(r.ReadInt32(), r.ReadString()),
                DataFrameType.StoreFull => new StoreFull(r.ReadInt32(), r.ReadString(), r.ReadInt64()),
                DataFrameType.Ping => Ping.Instance,
                _ => throw new InvalidDataException($"Unknown data-plane frame type {(byte)type}"),
            };
            if (r.BaseStream.Position != payload.Length)
            {
                throw new InvalidDataException($"Data-plane frame {type} has {payload.Length - r.BaseStream.Position} trailing bytes");
            }

            return frame;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"Data-plane frame {type} is truncated ({payload.Length} bytes)");
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            throw new InvalidDataException($"Data-plane frame {type} has a malformed field: {e.Message}");
        }
    }
}
