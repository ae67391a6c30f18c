namespace AkkaBackup.Protocol.DataPlane;

/// <summary>
/// Frames of the data plane: a dedicated mutual-TLS stream that carries chunk bytes, because Akka.Remote
/// tops out far below what compression produces. Layout on the wire: type (1 byte), payload length
/// (4 bytes, big endian), payload.
/// </summary>
public abstract record DataFrame;

public enum DataFrameType : byte
{
    Hello = 1,
    HelloAccepted = 2,
    HelloRefused = 3,
    Chunk = 4,
    ChunkAck = 5,
    ChunkNack = 6,
    StoreFull = 7,
    Ping = 8,
}

/// <summary>First frame from the client: which transfer this stream carries chunks for.</summary>
public sealed record Hello(int ProtocolVersion, string TransferId) : DataFrame
{
    // 2: the client pings an idle connection, the receiver closes one silent for its idle-timeout.
    public const int CurrentVersion = 2;
}

public sealed record HelloAccepted(int ChunkSize) : DataFrame;

public sealed record HelloRefused(string Reason) : DataFrame;

/// <summary>
/// One chunk of the archive. <see cref="Data"/> may be a pooled buffer longer than <see cref="Length"/>;
/// only the first <see cref="Length"/> bytes are the chunk. A frame read against a <see cref="ByteBudget"/>
/// holds <see cref="Length"/> bytes of it until <see cref="DataFrameCodec.Release"/>.
/// </summary>
public sealed record ChunkFrame(int Index, long Offset, int Length, ulong Checksum, byte[] Data, ByteBudget? Budget = null) : DataFrame;

/// <summary>The client is still there: sent on a connection with no chunk to send for a while.</summary>
public sealed record Ping : DataFrame
{
    public static readonly Ping Instance = new();

    private Ping()
    {
    }
}

/// <summary>The chunk's bytes are verified and durable on the receiver.</summary>
public sealed record ChunkAck(int Index) : DataFrame;

/// <summary>The chunk was rejected (bad checksum, bad offset); the client re-sends it.</summary>
public sealed record ChunkNack(int Index, string Reason) : DataFrame;

/// <summary>
/// The receiver's volume has no space left for chunk <paramref name="Index"/>: the transfer stops there (resending
/// cannot help), the chunks already acknowledged stay on the receiver for a resume once space is freed.
/// </summary>
public sealed record StoreFull(int Index, string Volume, long FreeBytes) : DataFrame;
