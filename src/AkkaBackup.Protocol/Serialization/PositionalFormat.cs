using System.Runtime.Serialization;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// The positional binary format of release 0.1.0 (format byte 1, then the fields in order, nothing after them),
/// kept only to read what that release journalled. Each journal names its readers by manifest.
/// </summary>
public static class PositionalFormat
{
    public const byte Version = 1;

    public static object Read(byte[] bytes, string manifest, string what, IReadOnlyDictionary<string, Func<WireReader, object>> readers)
    {
        if (!readers.TryGetValue(manifest, out var read))
        {
            throw new SerializationException($"Unknown {what} manifest '{manifest}'");
        }

        using var r = new WireReader(bytes);
        r.Byte();
        var e = read(r);
        r.EnsureConsumed(manifest);
        return e;
    }
}
