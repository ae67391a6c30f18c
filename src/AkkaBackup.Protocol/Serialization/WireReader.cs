using System.Runtime.Serialization;
using System.Text;
using Akka.Serialization;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// Little-endian primitive reader that treats its input as hostile: every length is bounded and a
/// truncated or oversized field raises a <see cref="SerializationException"/> naming the problem.
/// </summary>
public sealed class WireReader : IDisposable
{
    public const int MaxStringBytes = 64 * 1024;

    /// <summary>A chunk bitmap of 1 TB in 8 MiB chunks is 16 KiB; this leaves room for small chunks.</summary>
    public const int MaxBlobBytes = 200 * 1024;

    private readonly MemoryStream _input;
    private readonly BinaryReader _reader;

    public WireReader(byte[] bytes)
    {
        _input = new MemoryStream(bytes, writable: false);
        _reader = new BinaryReader(_input, Encoding.UTF8, leaveOpen: true);
    }

    public byte Byte() => Guard(() => _reader.ReadByte());
    public bool Bool() => Guard(() => _reader.ReadBoolean());
    public int Int32() => Guard(() => _reader.ReadInt32());
    public long Int64() => Guard(() => _reader.ReadInt64());
    public ulong UInt64() => Guard(() => _reader.ReadUInt64());

    public string String()
    {
        var length = Int32();
        if (length < 0 || length > MaxStringBytes || length > _input.Length - _input.Position)
        {
            throw new SerializationException($"Invalid string length {length} at offset {_input.Position - 4}");
        }

        return Encoding.UTF8.GetString(Guard(() => _reader.ReadBytes(length)));
    }

    public byte[] Bytes()
    {
        var length = Int32();
        if (length < 0 || length > MaxBlobBytes || length > _input.Length - _input.Position)
        {
            throw new SerializationException($"Invalid blob length {length} at offset {_input.Position - 4}");
        }

        return Guard(() => _reader.ReadBytes(length));
    }

    /// <summary>A point in time written as Unix milliseconds; one outside what a date can hold is refused.</summary>
    public DateTimeOffset Time()
    {
        var ms = Int64();
        if (ms < MinUnixMs || ms > MaxUnixMs)
        {
            throw new SerializationException($"Invalid time {ms} ms at offset {_input.Position - 8}");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// A number of elements to read next: at most <paramref name="maximum"/>, and no more than the bytes left can
    /// hold at <paramref name="elementBytes"/> each, so a lying count never sizes an allocation.
    /// </summary>
    public int Count(int maximum, int elementBytes)
    {
        var count = Int32();
        var left = _input.Length - _input.Position;
        if (count < 0 || count > maximum || (long)count * elementBytes > left)
        {
            throw new SerializationException($"Invalid element count {count} (allowed 0..{maximum}, {left} bytes left at {elementBytes} bytes or more each)");
        }

        return count;
    }

    public void EnsureConsumed(string manifest)
    {
        if (_input.Position != _input.Length)
        {
            throw new SerializationException($"{_input.Length - _input.Position} trailing bytes after message '{manifest}'");
        }
    }

    private T Guard<T>(Func<T> read)
    {
        var offset = _input.Position;
        try
        {
            return read();
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"Message is truncated at offset {offset} of {_input.Length} bytes", e);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _input.Dispose();
    }
}
