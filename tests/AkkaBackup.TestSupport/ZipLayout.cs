using System.Buffers.Binary;
using System.Text;

namespace AkkaBackup.TestSupport;

/// <summary>
/// Where things are in a Zip64 archive as our writer makes it, read from its end records and central directory
/// (not through a zip library, which hides offsets): to check what lies past 4 GiB.
/// </summary>
public sealed record ZipLayout(long CentralDirectoryOffset, long CentralDirectorySize, IReadOnlyList<ZipLayout.Entry> Entries)
{
    public static ZipLayout Read(string archive)
    {
        using var file = File.OpenHandle(archive);
        var length = RandomAccess.GetLength(file);

        // Classic end record (22 bytes, no comment), preceded by the Zip64 locator (20 bytes).
        var tail = new byte[42];
        RandomAccess.Read(file, tail, length - tail.Length);
        Expect(tail, 0, 0x07064b50, "Zip64 end-of-central-directory locator");
        Expect(tail, 20, 0x06054b50, "end-of-central-directory record");
        var zip64End = new byte[56];
        RandomAccess.Read(file, zip64End, BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(8)));
        Expect(zip64End, 0, 0x06064b50, "Zip64 end-of-central-directory record");
        var count = BinaryPrimitives.ReadInt64LittleEndian(zip64End.AsSpan(32));
        var size = BinaryPrimitives.ReadInt64LittleEndian(zip64End.AsSpan(40));
        var offset = BinaryPrimitives.ReadInt64LittleEndian(zip64End.AsSpan(48));

        var central = new byte[size];
        RandomAccess.Read(file, central, offset);
        var entries = new List<Entry>();
        for (var at = 0; entries.Count < count; )
        {
            Expect(central, at, 0x02014b50, "central directory header");
            var h = central.AsSpan(at);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            var name = Encoding.UTF8.GetString(h.Slice(46, nameLength));
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);

            // The Zip64 extra holds, in this order, only the fields whose classic value is 0xFFFFFFFF.
            var extra = h.Slice(46 + nameLength, extraLength);
            while (extra.Length >= 4)
            {
                var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
                var data = extra.Slice(4, BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]));
                if (id == 0x0001)
                {
                    var field = 0;
                    uncompressed = uncompressed == uint.MaxValue ? BinaryPrimitives.ReadInt64LittleEndian(data[(8 * field++)..]) : uncompressed;
                    compressed = compressed == uint.MaxValue ? BinaryPrimitives.ReadInt64LittleEndian(data[(8 * field++)..]) : compressed;
                    local = local == uint.MaxValue ? BinaryPrimitives.ReadInt64LittleEndian(data[(8 * field)..]) : local;
                }

                extra = extra[(4 + data.Length)..];
            }

            entries.Add(new Entry(name, local, compressed, uncompressed, BinaryPrimitives.ReadUInt32LittleEndian(h[38..])));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return new ZipLayout(offset, size, entries);
    }

    private static void Expect(byte[] bytes, int at, uint signature, string what)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) != signature)
        {
            throw new InvalidDataException($"no {what} where our writer puts it");
        }
    }

    /// <param name="ExternalAttributes">Unix type and mode in the high half, DOS/Windows attributes in the low half.</param>
    public sealed record Entry(string Name, long LocalHeaderOffset, long CompressedSize, long UncompressedSize, uint ExternalAttributes);
}
