using System.Text;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>Little-endian primitive writer shared by the Akka serializer and the data-plane frames.</summary>
public sealed class WireWriter : IDisposable
{
    private readonly BinaryWriter _writer;

    public WireWriter(Stream output) => _writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);

    public void Byte(byte value) => _writer.Write(value);
    public void Bool(bool value) => _writer.Write(value);
    public void Int32(int value) => _writer.Write(value);
    public void Int64(long value) => _writer.Write(value);
    public void UInt64(ulong value) => _writer.Write(value);

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > WireReader.MaxStringBytes)
        {
            throw new ArgumentException($"String of {bytes.Length} bytes exceeds the wire limit of {WireReader.MaxStringBytes}", nameof(value));
        }

        _writer.Write(bytes.Length);
        _writer.Write(bytes);
    }

    public void Bytes(byte[] value)
    {
        if (value.Length > WireReader.MaxBlobBytes)
        {
            throw new ArgumentException($"Blob of {value.Length} bytes exceeds the wire limit of {WireReader.MaxBlobBytes}", nameof(value));
        }

        _writer.Write(value.Length);
        _writer.Write(value);
    }

    public void Dispose() => _writer.Dispose();
}
