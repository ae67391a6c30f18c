using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// The one skeleton of AkkaBackup's serializers: a table of bindings (stable short manifest, CLR type, the
/// message's <c>.proto</c> schema and the two mappings), bytes written as a format byte followed by the
/// protobuf message. Protobuf lets formats evolve: a reader skips fields it does not know and fills the
/// default for a field that is missing, so a node upgraded after a crash still reads what the old one wrote.
/// Bytes in an older format are handed to <see cref="ReadOlderFormat"/>; anything unreadable is refused with a
/// <see cref="SerializationException"/> naming what it is, never with another exception.
/// </summary>
public abstract class ProtobufSerializer : SerializerWithStringManifest
{
    /// <summary>The format byte in front of every journal entry (1 was the positional binary format of 0.1.0).</summary>
    public const byte ProtobufFormat = 2;

    private readonly Dictionary<Type, Binding> _byType = [];
    private readonly Dictionary<string, Binding> _byManifest = new(StringComparer.Ordinal);

    /// <param name="format">The format byte this serializer writes (journals: <see cref="ProtobufFormat"/>; the wire has its own line).</param>
    protected ProtobufSerializer(ExtendedActorSystem system, string what, IEnumerable<Binding> bindings, byte format = ProtobufFormat) : base(system)
    {
        What = what;
        Format = format;
        foreach (var binding in bindings)
        {
            _byType.Add(binding.Type, binding);
            _byManifest.Add(binding.Manifest, binding);
        }
    }

    /// <summary>What the bytes are, for error messages ("run journal").</summary>
    protected string What { get; }

    /// <summary>The format byte written in front of each message.</summary>
    public byte Format { get; }

    public IReadOnlyCollection<string> Manifests => _byManifest.Keys;

    public override string Manifest(object o) =>
        _byType.TryGetValue(o.GetType(), out var binding)
            ? binding.Manifest
            : throw new ArgumentException($"The {What} serializer cannot serialize {o.GetType().FullName}", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        if (!_byType.TryGetValue(obj.GetType(), out var binding))
        {
            throw new ArgumentException($"The {What} serializer cannot serialize {obj.GetType().FullName}", nameof(obj));
        }

        var message = binding.ToProto(obj);
        var bytes = new byte[1 + message.CalculateSize()];
        bytes[0] = Format;
        message.WriteTo(bytes.AsSpan(1));
        return bytes;
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!_byManifest.TryGetValue(manifest, out var binding))
        {
            throw new SerializationException($"Unknown {What} manifest '{manifest}'");
        }

        if (bytes.Length == 0)
        {
            throw new SerializationException($"An empty {What} entry for manifest '{manifest}'");
        }

        try
        {
            return bytes[0] == Format
                ? binding.FromProto(binding.Parser.ParseFrom(bytes.AsSpan(1)))
                : ReadOlderFormat(bytes[0], bytes, manifest)
                  ?? throw new SerializationException(
                      $"Unsupported {What} format version {bytes[0]} for manifest '{manifest}' (this release reads {ReadableFormats}); {OtherFormatHint}");
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or FormatException or OverflowException or InvalidDataException)
        {
            throw new SerializationException($"A damaged {What} entry for manifest '{manifest}': {e.Message}", e);
        }
    }

    /// <summary>The format versions this serializer reads, for the error another one gets.</summary>
    protected virtual string ReadableFormats => Format.ToString();

    /// <summary>What a person should make of bytes in a format this release does not read.</summary>
    protected virtual string OtherFormatHint => "was it written by a newer release?";

    /// <summary>Reads bytes written in an older format (the first byte is its version); null when there is no such format.</summary>
    protected virtual object? ReadOlderFormat(byte version, byte[] bytes, string manifest) => null;

    /// <summary>One message type: its manifest, its schema, and how it maps to and from the schema.</summary>
    protected sealed record Binding(string Manifest, Type Type, Func<object, IMessage> ToProto, MessageParser Parser, Func<IMessage, object> FromProto);

    protected static Binding Bind<T, TProto>(string manifest, Func<T, TProto> toProto, MessageParser<TProto> parser, Func<TProto, T> fromProto)
        where T : notnull
        where TProto : IMessage<TProto> =>
        new(manifest, typeof(T), o => toProto((T)o), parser, m => fromProto((TProto)m));

    /// <summary>Unix milliseconds to a time, refusing one outside what a date can hold.</summary>
    public static DateTimeOffset Time(long unixMilliseconds) =>
        unixMilliseconds is >= -62_135_596_800_000 and <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds)
            : throw new SerializationException($"A time of {unixMilliseconds} ms since 1970 is outside what a date can hold");

    public static long Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>Milliseconds to a span, refusing one a span cannot hold; whether the value makes sense is the reader's to judge.</summary>
    public static TimeSpan Span(long milliseconds) =>
        milliseconds is >= -MaxSpanMilliseconds and <= MaxSpanMilliseconds
            ? TimeSpan.FromTicks(milliseconds * TimeSpan.TicksPerMillisecond)
            : throw new SerializationException($"A span of {milliseconds} ms is longer than a time span can hold");

    private const long MaxSpanMilliseconds = long.MaxValue / TimeSpan.TicksPerMillisecond;

    /// <summary>A text read from a peer, refused above <see cref="WireReader.MaxStringBytes"/>.</summary>
    public static string Text(string text, string what) =>
        text.Length <= WireReader.MaxStringBytes / 3 || System.Text.Encoding.UTF8.GetByteCount(text) <= WireReader.MaxStringBytes
            ? text
            : throw new SerializationException($"{what} of {System.Text.Encoding.UTF8.GetByteCount(text)} bytes exceeds {WireReader.MaxStringBytes}");

    /// <summary>Bytes read from a peer, refused above <see cref="WireReader.MaxBlobBytes"/>.</summary>
    public static byte[] Blob(ByteString bytes, string what) =>
        bytes.Length <= WireReader.MaxBlobBytes
            ? bytes.ToByteArray()
            : throw new SerializationException($"{what} of {bytes.Length} bytes exceeds {WireReader.MaxBlobBytes}");

    /// <summary>A count read from a message, refused above what the reader can hold.</summary>
    public static int Bounded(int count, int max, string what) =>
        count >= 0 && count <= max ? count : throw new SerializationException($"{what} of {count} is outside 0..{max}");
}
