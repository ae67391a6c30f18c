using System.Buffers.Binary;
using System.Text;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Writes the Zip64 structures forward-only: local header (sizes follow in a data descriptor, bit 3),
/// data, descriptor; then the central directory, the Zip64 end records and the classic end record.
/// Info-ZIP, .NET's ZipArchive and 7-Zip read the result.
/// </summary>
internal sealed class Zip64Writer(Stream output)
{
    private const ushort VersionNeeded = 45;
    private const ushort VersionMadeBy = (3 << 8) | 45; // Unix, spec 4.5
    private const ushort FlagDataDescriptor = 1 << 3;
    private const ushort FlagUtf8 = 1 << 11;
    private const uint Max32 = 0xFFFFFFFF;
    private const uint DosDirectory = 0x10;

    /// <summary>FILE_ATTRIBUTE_SPARSE_FILE: the restorer leaves holes in this entry's runs of zeros (unzip ignores it).</summary>
    public const uint DosSparseFile = 0x200;

    private readonly List<CentralEntry> _entries = [];
    private long _position;

    public long Position => _position;

    /// <summary>An entry without data: a directory or an empty file. Sizes and CRC are known (zero) up front.</summary>
    public void WriteEmptyEntry(ScannedEntry entry)
    {
        var name = Encoding.UTF8.GetBytes(entry.RelativePath);
        var offset = _position;
        WriteLocalHeader(name, FlagUtf8, method: 0, DosTime(entry.LastWriteUtc), zeroSizes: true);
        _entries.Add(new CentralEntry(name, FlagUtf8, 0, DosTime(entry.LastWriteUtc), 0, 0, 0, offset, ExternalAttributes(entry)));
    }

    public void BeginDeflatedEntry(ScannedEntry entry)
    {
        var name = Encoding.UTF8.GetBytes(entry.RelativePath);
        _current = (entry, name, _position);
        WriteLocalHeader(name, FlagUtf8 | FlagDataDescriptor, method: 8, DosTime(entry.LastWriteUtc), zeroSizes: false);
        _dataStart = _position;
    }

    public void WriteData(ReadOnlySpan<byte> data)
    {
        output.Write(data);
        _position += data.Length;
    }

    public void EndDeflatedEntry(uint crc32, long uncompressedSize)
    {
        var (entry, name, offset) = _current ?? throw new InvalidOperationException("no entry is open");
        var compressed = _position - _dataStart;
        Span<byte> descriptor = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor[4..], crc32);
        BinaryPrimitives.WriteInt64LittleEndian(descriptor[8..], compressed);
        BinaryPrimitives.WriteInt64LittleEndian(descriptor[16..], uncompressedSize);
        WriteData(descriptor);
        _entries.Add(new CentralEntry(name, FlagUtf8 | FlagDataDescriptor, 8, DosTime(entry.LastWriteUtc), crc32, compressed, uncompressedSize, offset, ExternalAttributes(entry)));
        _current = null;
    }

    public void Finish()
    {
        var centralStart = _position;
        foreach (var e in _entries)
        {
            WriteCentralEntry(e);
        }

        var centralSize = _position - centralStart;
        var zip64EndOffset = _position;
        Span<byte> end64 = stackalloc byte[56];
        BinaryPrimitives.WriteUInt32LittleEndian(end64, 0x06064b50);
        BinaryPrimitives.WriteInt64LittleEndian(end64[4..], 44);
        BinaryPrimitives.WriteUInt16LittleEndian(end64[12..], VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(end64[14..], VersionNeeded);
        BinaryPrimitives.WriteUInt32LittleEndian(end64[16..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(end64[20..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(end64[24..], _entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(end64[32..], _entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(end64[40..], centralSize);
        BinaryPrimitives.WriteInt64LittleEndian(end64[48..], centralStart);
        WriteData(end64);

        Span<byte> locator = stackalloc byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(locator[8..], zip64EndOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
        WriteData(locator);

        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], 0xFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], Max32);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], Max32);
        WriteData(end);
    }

    private (ScannedEntry Entry, byte[] Name, long Offset)? _current;
    private long _dataStart;

    private void WriteLocalHeader(byte[] name, ushort flags, ushort method, uint dosTime, bool zeroSizes)
    {
        // Deflated entries carry a Zip64 extra with zero sizes: the real ones are in the descriptor.
        var extraLength = zeroSizes ? 0 : 20;
        var header = new byte[30 + name.Length + extraLength];
        var h = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], method);
        BinaryPrimitives.WriteUInt32LittleEndian(h[10..], dosTime);
        BinaryPrimitives.WriteUInt32LittleEndian(h[14..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[18..], zeroSizes ? 0 : Max32);
        BinaryPrimitives.WriteUInt32LittleEndian(h[22..], zeroSizes ? 0 : Max32);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)extraLength);
        name.CopyTo(h[30..]);
        if (!zeroSizes)
        {
            var x = h[(30 + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(x, 0x0001);
            BinaryPrimitives.WriteUInt16LittleEndian(x[2..], 16);
        }

        WriteData(header);
    }

    private void WriteCentralEntry(CentralEntry e)
    {
        var header = new byte[46 + e.Name.Length + 28];
        var h = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], e.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], e.Method);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], e.DosTime);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], e.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], Max32);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], Max32);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)e.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[30..], 28);
        BinaryPrimitives.WriteUInt32LittleEndian(h[38..], e.ExternalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(h[42..], Max32);
        e.Name.CopyTo(h[46..]);
        var x = h[(46 + e.Name.Length)..];
        BinaryPrimitives.WriteUInt16LittleEndian(x, 0x0001);
        BinaryPrimitives.WriteUInt16LittleEndian(x[2..], 24);
        BinaryPrimitives.WriteInt64LittleEndian(x[4..], e.Uncompressed);
        BinaryPrimitives.WriteInt64LittleEndian(x[12..], e.Compressed);
        BinaryPrimitives.WriteInt64LittleEndian(x[20..], e.LocalHeaderOffset);
        WriteData(header);
    }

    /// <summary>The Unix type and mode in the high half; in the low half the DOS/Windows attributes directory and, for a file with holes, sparse.</summary>
    private static uint ExternalAttributes(ScannedEntry entry)
    {
        var type = entry.IsDirectory ? 0x4000u : 0x8000u;
        var dos = entry.IsDirectory ? DosDirectory : entry.IsSparse ? DosSparseFile : 0u;
        return ((type | ((uint)entry.Mode & 0xFFF)) << 16) | dos;
    }

    private static uint DosTime(DateTime utc)
    {
        var t = utc.ToLocalTime();
        if (t.Year < 1980)
        {
            t = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Local);
        }

        var date = ((t.Year - 1980) << 9) | (t.Month << 5) | t.Day;
        var time = (t.Hour << 11) | (t.Minute << 5) | (t.Second / 2);
        return (uint)((date << 16) | time);
    }

    private sealed record CentralEntry(
        byte[] Name, ushort Flags, ushort Method, uint DosTime, uint Crc32, long Compressed, long Uncompressed, long LocalHeaderOffset, uint ExternalAttributes);
}
