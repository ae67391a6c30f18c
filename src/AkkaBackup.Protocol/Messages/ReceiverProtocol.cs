using Akka.Actor;

namespace AkkaBackup.Protocol.Messages;

/// <summary>Control-plane messages between a client node and a receiver node (Akka.Remote over mutual TLS).</summary>
public static class ReceiverProtocol
{
    /// <summary>Pre-flight: is the receiver there, does it accept this client, does it have room.</summary>
    public sealed record CheckReceiver(string ClientId, long RequiredBytes) : IProtocolMessage;

    public sealed record ReceiverChecked(bool Accepted, long FreeBytes, string Reason, string ReceiverVersion) : IProtocolMessage;

    /// <summary>Asks for a new transfer; the receiver answers with the id (the resume token) and its assembler.</summary>
    public sealed record OpenTransfer(string ClientId, string Server, string Instance, long RequiredBytes, int ChunkSize) : IProtocolMessage;

    public sealed record TransferOpened(string TransferId, IActorRef Assembler, int DataPort) : IProtocolMessage;

    public sealed record TransferRefused(string Reason) : IProtocolMessage;

    /// <summary>Every chunk is acknowledged; the receiver checks the whole file against this and files it.</summary>
    public sealed record CompleteTransfer(string TransferId, long Length, int ChunkCount, string Sha256, ArchiveDescription Description) : IProtocolMessage;

    public sealed record TransferCompleted(string TransferId, string StoredName, string StoredPath, long Length, string Sha256) : IProtocolMessage;

    public sealed record TransferFailed(string TransferId, string Reason) : IProtocolMessage;

    /// <summary>
    /// Resume with the transfer id as token: the receiver re-verifies the chunks it holds and answers with
    /// <see cref="TransferResumed"/>, or <see cref="TransferCompleted"/> if it already stored the archive,
    /// or <see cref="TransferUnknown"/>.
    /// </summary>
    public sealed record ResumeTransfer(string ClientId, string TransferId) : IProtocolMessage;

    /// <summary><paramref name="StoredChunks"/> is a bitmap (bit i of byte i/8 = chunk i) of the chunks held and verified.</summary>
    public sealed record TransferResumed(string TransferId, IActorRef Assembler, int DataPort, int ChunkSize, byte[] StoredChunks, int DroppedChunks) : IProtocolMessage;

    public sealed record TransferUnknown(string TransferId, string Reason) : IProtocolMessage;

    /// <summary>The client gives up on a transfer whose archive can never be completed (e.g. compression failed).</summary>
    public sealed record AbortTransfer(string TransferId, string Reason) : IProtocolMessage;
}

/// <summary>
/// What the client knows about the archive, written into the manifest beside the stored file. <paramref name="RunId"/>,
/// <paramref name="BackupType"/> (full) and <paramref name="Databases"/> (all, for a cold copy) are the
/// <c>{runid}</c>, <c>{type}</c> and <c>{database}</c> tokens of the receiver's naming pattern.
/// </summary>
public sealed record ArchiveDescription(
    string SourceHost,
    string Server,
    string Instance,
    string MySqlVersion,
    string DataDirectory,
    long DataBytes,
    int FileCount,
    string Compression,
    DateTimeOffset StartedAt,
    IReadOnlyList<PhaseTiming> Timings,
    string RunId,
    string BackupType,
    string Databases);

public sealed record PhaseTiming(string Phase, long Milliseconds);
