using Google.Protobuf;

namespace AkkaBackup.Remoting.Firewall;

/// <summary>
/// The part of Akka.Remote's wire format (WireFormats.proto / ContainerFormats.proto, stable since Akka.NET 1.2)
/// that the firewall reads: one frame is an <c>AkkaProtocolMessage</c> carrying either a control instruction
/// (associate, heartbeat, disassociate) or an <c>AckAndEnvelopeContainer</c> with one <c>RemoteEnvelope</c>.
/// Parsing treats the bytes as hostile: any malformed field throws <see cref="MalformedPduException"/>. A field
/// that comes twice counts once (the last), where Akka's own parser would merge the two: which is why what the
/// firewall lets through is always written anew from what it read (<see cref="WriteFrame"/>,
/// <see cref="WriteControl"/>), never passed on as it came.
/// </summary>
public static class AkkaPdu
{
    /// <summary>The sequence number of an ordinary message; any other number marks a system message.</summary>
    public const ulong OrdinarySeq = ulong.MaxValue;

    /// <summary>Actor paths and address parts longer than this are refused.</summary>
    public const int MaxTextBytes = 2048;

    public const int Associate = 1;
    public const int Disassociate = 2;
    public const int Heartbeat = 3;
    public const int DisassociateShuttingDown = 4;
    public const int DisassociateQuarantined = 5;

    public static Frame ReadFrame(byte[] bytes) => Guard(() => ParseFrame(bytes));

    /// <summary>The container inside a payload frame: whether it acknowledges system messages, and its envelope.</summary>
    public static Container ReadContainer(byte[] payload) => Guard(() => ParseContainer(payload));

    private static T Guard<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedPduException(e.Message);
        }
    }

    private static Frame ParseFrame(byte[] bytes)
    {
        byte[]? payload = null;
        Control? control = null;
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    payload = input.ReadBytes().ToByteArray();
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    control = ReadControl(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new Frame(payload, control);
    }

    private static Container ParseContainer(byte[] payload)
    {
        var hasAck = false;
        Envelope? envelope = null;
        var input = new CodedInputStream(payload);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    input.ReadBytes();
                    hasAck = true;
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    envelope = ReadEnvelope(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new Container(hasAck, envelope);
    }

    /// <summary>A payload frame holding only <paramref name="envelope"/> (no acknowledgement).</summary>
    public static byte[] WriteFrame(Envelope envelope)
    {
        var container = Message(o => o.WriteBytes(2, Message(e => WriteEnvelope(e, envelope))));
        return Message(o => o.WriteBytes(1, container)).ToByteArray();
    }

    /// <summary>An instruction frame: the command and, for a handshake, the origin address and uid.</summary>
    public static byte[] WriteControl(Control control)
    {
        var instruction = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteEnum(control.Command);
            if (control.Origin is { } origin)
            {
                o.WriteBytes(2, Message(h =>
                {
                    h.WriteBytes(1, Message(a =>
                    {
                        a.WriteString(1, origin.System);
                        a.WriteString(2, origin.Host);
                        a.WriteTag(3, WireFormat.WireType.Varint);
                        a.WriteUInt32(origin.Port);
                        a.WriteString(4, origin.Protocol);
                    }));
                    h.WriteTag(2, WireFormat.WireType.Fixed64);
                    h.WriteFixed64(origin.Uid);
                }));
            }
        });
        return Message(o => o.WriteBytes(2, instruction)).ToByteArray();
    }

    private static void WriteEnvelope(CodedOutputStream output, Envelope envelope)
    {
        output.WriteBytes(1, Message(r => r.WriteString(1, envelope.RecipientPath)));
        output.WriteBytes(2, Message(p =>
        {
            p.WriteBytes(1, ByteString.CopyFrom(envelope.Message.Bytes));
            if (envelope.Message.SerializerId != 0)
            {
                p.WriteTag(2, WireFormat.WireType.Varint);
                p.WriteInt32(envelope.Message.SerializerId);
            }

            if (envelope.Message.Manifest.Length > 0)
            {
                p.WriteBytes(3, ByteString.CopyFromUtf8(envelope.Message.Manifest));
            }
        }));
        if (envelope.SenderPath is { } sender)
        {
            output.WriteBytes(4, Message(s => s.WriteString(1, sender)));
        }

        output.WriteTag(5, WireFormat.WireType.Fixed64);
        output.WriteFixed64(envelope.Seq);
    }

    private static Control ReadControl(ByteString bytes)
    {
        var command = 0;
        Origin? origin = null;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    command = input.ReadEnum();
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    origin = ReadHandshake(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new Control(command, origin);
    }

    private static Origin? ReadHandshake(ByteString bytes)
    {
        Origin? origin = null;
        ulong uid = 0;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var type = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when type == WireFormat.WireType.LengthDelimited: origin = ReadAddress(input.ReadBytes()); break;
                case 2 when type == WireFormat.WireType.Fixed64: uid = input.ReadFixed64(); break;
                default: input.SkipLastField(); break;
            }
        }

        return origin is null ? null : origin with { Uid = uid };
    }

    private static Origin ReadAddress(ByteString bytes)
    {
        string system = "", host = "", protocol = "";
        uint port = 0;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var type = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when type == WireFormat.WireType.LengthDelimited: system = Text(input); break;
                case 2 when type == WireFormat.WireType.LengthDelimited: host = Text(input); break;
                case 3 when type == WireFormat.WireType.Varint: port = input.ReadUInt32(); break;
                case 4 when type == WireFormat.WireType.LengthDelimited: protocol = Text(input); break;
                default: input.SkipLastField(); break;
            }
        }

        return new Origin(protocol, system, host, port, 0);
    }

    private static Envelope ReadEnvelope(ByteString bytes)
    {
        string? recipient = null, sender = null;
        Payload? message = null;
        ulong seq = 0;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var type = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when type == WireFormat.WireType.LengthDelimited: recipient = ReadPath(input.ReadBytes()); break;
                case 2 when type == WireFormat.WireType.LengthDelimited: message = ReadPayload(input.ReadBytes()); break;
                case 4 when type == WireFormat.WireType.LengthDelimited: sender = ReadPath(input.ReadBytes()); break;
                case 5 when type == WireFormat.WireType.Fixed64: seq = input.ReadFixed64(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new Envelope(
            recipient ?? throw new MalformedPduException("envelope without a recipient"),
            message ?? throw new MalformedPduException("envelope without a message"),
            sender, seq);
    }

    private static string ReadPath(ByteString bytes)
    {
        var path = "";
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                path = Text(input);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return path;
    }

    private static Payload ReadPayload(ByteString bytes)
    {
        byte[] message = [];
        var serializerId = 0;
        var manifest = "";
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var type = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when type == WireFormat.WireType.LengthDelimited: message = input.ReadBytes().ToByteArray(); break;
                case 2 when type == WireFormat.WireType.Varint: serializerId = input.ReadInt32(); break;
                case 3 when type == WireFormat.WireType.LengthDelimited: manifest = Text(input); break;
                default: input.SkipLastField(); break;
            }
        }

        return new Payload(message, serializerId, manifest);
    }

    private static string Text(CodedInputStream input)
    {
        var bytes = input.ReadBytes();
        if (bytes.Length > MaxTextBytes)
        {
            throw new MalformedPduException($"a text field of {bytes.Length} bytes exceeds {MaxTextBytes}");
        }

        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new MalformedPduException("a text field is not valid UTF-8");
        }
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteBytes(this CodedOutputStream output, int field, ByteString value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(value);
    }

    private static void WriteString(this CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public sealed record Frame(byte[]? Payload, Control? Control);

    public sealed record Control(int Command, Origin? Origin);

    public sealed record Origin(string Protocol, string System, string Host, uint Port, ulong Uid);

    public sealed record Container(bool HasAck, Envelope? Envelope);

    public sealed record Envelope(string RecipientPath, Payload Message, string? SenderPath, ulong Seq);

    public sealed record Payload(byte[] Bytes, int SerializerId, string Manifest);
}

/// <summary>An Akka.Remote frame that does not parse.</summary>
public sealed class MalformedPduException(string message) : Exception(message);
