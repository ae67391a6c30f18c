using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;

namespace AkkaBackup.Protocol.Serialization;

/// <summary>
/// How the transport marks a message with the certificate name of the connection it arrived on: the
/// manifest gets <see cref="Prefix"/> and the bytes are the name (4-byte little-endian length, UTF-8)
/// followed by the message as its sender serialized it. Our serializers turn such bytes into a
/// <see cref="Messages.FromPeer"/>; a manifest with the prefix is never produced by a sender.
/// </summary>
public static class PeerStamp
{
    public const string Prefix = "@";

    /// <summary>Certificate names are node names: short.</summary>
    public const int MaxNameBytes = 256;

    public static bool IsStamped(string manifest) => manifest.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Manifest(string manifest) => Prefix + manifest;

    public static byte[] Stamp(string peerName, ReadOnlySpan<byte> message)
    {
        var name = Encoding.UTF8.GetBytes(peerName);
        if (name.Length is 0 or > MaxNameBytes)
        {
            throw new ArgumentException($"peer name of {name.Length} bytes is outside 1..{MaxNameBytes}", nameof(peerName));
        }

        var stamped = new byte[4 + name.Length + message.Length];
        BinaryPrimitives.WriteInt32LittleEndian(stamped, name.Length);
        name.CopyTo(stamped, 4);
        message.CopyTo(stamped.AsSpan(4 + name.Length));
        return stamped;
    }

    /// <summary>
    /// What a serializer makes of bytes under <paramref name="manifest"/>: <paramref name="read"/>'s message, wrapped
    /// in a <see cref="Messages.FromPeer"/> with the stamped name when the transport stamped it.
    /// </summary>
    public static object FromBinary(byte[] bytes, string manifest, Func<byte[], string, object> read)
    {
        if (!IsStamped(manifest))
        {
            return read(bytes, manifest);
        }

        var (peer, original) = Read(bytes);
        return new Messages.FromPeer(peer, read(original, manifest[Prefix.Length..]));
    }

    /// <summary>The stamped name and the sender's own bytes.</summary>
    /// <exception cref="SerializationException">The bytes are not a stamp.</exception>
    public static (string PeerName, byte[] Message) Read(byte[] stamped)
    {
        if (stamped.Length < 4)
        {
            throw new SerializationException($"stamped message of {stamped.Length} bytes has no peer name");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(stamped);
        if (length is <= 0 or > MaxNameBytes || length > stamped.Length - 4)
        {
            throw new SerializationException($"stamped message has a peer name of invalid length {length}");
        }

        return (Encoding.UTF8.GetString(stamped, 4, length), stamped[(4 + length)..]);
    }
}
