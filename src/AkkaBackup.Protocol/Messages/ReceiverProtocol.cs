namespace AkkaBackup.Protocol.Messages;

/// <summary>
/// Control-plane messages between a client node and a receiver node (Akka.Remote over mutual TLS). Requests
/// carry no client name: the receiver gets them as <see cref="FromPeer"/>, stamped by the transport with the CN
/// of the connection's certificate, and acts for that name only. Nothing here carries an actor reference:
/// every request goes to the receiver's gateway, which routes it to the transfer's owner-checked assembler.
/// </summary>
public static class ReceiverProtocol
{
    /// <summary>Pre-flight: is the receiver there, does it accept this client, does it have room.</summary>
    public sealed record CheckReceiver(long RequiredBytes) : IProtocolMessage;

    public sealed record ReceiverChecked(bool Accepted, long FreeBytes, string Reason, string ReceiverVersion) : IProtocolMessage;

    /// <summary>
    /// Asks for a new transfer; the receiver answers with the id (the resume token), or with
    /// <see cref="WaitForAdmission"/> while its transfer caps are reached. <paramref name="Ticket"/> (the run id)
    /// keeps the client's place in the receiver's FIFO queue as long as it keeps asking.
    /// <paramref name="ReopenOf"/>: the archive was admitted once as that transfer and the receiver forgot it; when
    /// the receiver remembers issuing that id to this client, the new transfer is not queued (the client's
    /// server may be down meanwhile). <paramref name="Placement"/> is checked here, before the client stops its
    /// server, so a target the receiver cannot honour is refused while nothing is down.
    /// </summary>
    public sealed record OpenTransfer(
        string Server, string Instance, long RequiredBytes, int ChunkSize, string Ticket, string ReopenOf = "", Placement? Placement = null, long ExpectedBytes = 0)
        : IProtocolMessage
    {
        /// <summary>What the free-space check needs: the estimate when one was sent, never more than <see cref="RequiredBytes"/>.</summary>
        public long SpaceNeeded => ExpectedBytes > 0 ? Math.Min(ExpectedBytes, RequiredBytes) : RequiredBytes;

        /// <summary>The placement asked for; the receiver's defaults when none was given.</summary>
        public Placement Target => Placement ?? Messages.Placement.ReceiverDefault;
    }

    /// <summary>Every transfer slot is taken: ask again (same ticket) within the receiver's admission lease.</summary>
    public sealed record WaitForAdmission(string Ticket, int Position, int ActiveTransfers, string Reason) : IProtocolMessage;

    /// <summary>The transfer exists and its first event is durable: <paramref name="TransferId"/> is the resume token.</summary>
    public sealed record TransferOpened(string TransferId, int DataPort) : IProtocolMessage;

    public sealed record TransferRefused(string Reason) : IProtocolMessage;

    /// <summary>Every chunk is acknowledged; the receiver checks the whole file against this and files it.</summary>
    public sealed record CompleteTransfer(string TransferId, long Length, int ChunkCount, string Sha256, ArchiveDescription Description) : IProtocolMessage
    {
        /// <summary>How long the run kept the database server down; null when the client does not know (or predates the field).</summary>
        public TimeSpan? Downtime { get; init; }

        /// <summary>The instance's next scheduled firing as the client computed it; null without one (or from an older client).</summary>
        public DateTimeOffset? NextRun { get; init; }
    }

    public sealed record TransferCompleted(string TransferId, string StoredName, string StoredPath, long Length, string Sha256) : IProtocolMessage;

    public sealed record TransferFailed(string TransferId, string Reason) : IProtocolMessage;

    /// <summary>
    /// Resume with the transfer id as token: the receiver re-verifies the chunks it holds and answers with
    /// <see cref="TransferResumed"/>, or <see cref="TransferCompleted"/> if it already stored the archive,
    /// <see cref="TransferVerifying"/> while it checks a completed transfer, or <see cref="TransferUnknown"/>.
    /// The client also asks this while it waits for a verification, to learn that the receiver restarted.
    /// </summary>
    public sealed record ResumeTransfer(string TransferId) : IProtocolMessage;

    /// <summary><paramref name="StoredChunks"/> is a bitmap (bit i of byte i/8 = chunk i) of the chunks held and verified.</summary>
    public sealed record TransferResumed(string TransferId, int DataPort, int ChunkSize, byte[] StoredChunks, int DroppedChunks) : IProtocolMessage;

    /// <summary>The receiver is running its final SHA-256 pass over the transfer: its answer to the completion follows.</summary>
    public sealed record TransferVerifying(string TransferId) : IProtocolMessage;

    public sealed record TransferUnknown(string TransferId, string Reason) : IProtocolMessage;

    /// <summary>
    /// The client gives up on a transfer whose archive can never be completed (e.g. compression failed). The
    /// receiver answers <see cref="TransferAborted"/> once the partial file is gone, or <see cref="TransferUnknown"/>
    /// when it holds no such transfer for this client. A receiver older than this message does not answer.
    /// </summary>
    public sealed record AbortTransfer(string TransferId, string Reason) : IProtocolMessage;

    /// <summary>The receiver removed the partial file and journal of an aborted transfer.</summary>
    public sealed record TransferAborted(string TransferId) : IProtocolMessage;
}

/// <summary>The most chunks one transfer may have: what the resume bitmap and the receiver's journal snapshot carry.</summary>
public static class TransferLimits
{
    public const int MaxChunks = 1 << 20;
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
    string Databases,
    Placement? Placement = null)
{
    /// <summary>The placement asked for; the receiver's defaults when none was given.</summary>
    public Placement Target => Placement ?? Messages.Placement.ReceiverDefault;
}

public sealed record PhaseTiming(string Phase, long Milliseconds);

/// <summary>
/// Where the client's target asks the archive to be filed: <paramref name="Folder"/> below the client's own
/// folder on the receiver, named by <paramref name="NamingPattern"/> with <c>{timestamp}</c> written in
/// <paramref name="TimeZone"/>. An empty folder or pattern leaves that choice to the receiver's own
/// <c>layout</c> / <c>naming-pattern</c>.
/// </summary>
public sealed record Placement(string Folder, string NamingPattern, string TimeZone)
{
    public static readonly Placement ReceiverDefault = new("", "", "");

    public override string ToString() =>
        $"folder '{(Folder.Length == 0 ? "(receiver's layout)" : Folder)}', naming pattern '{(NamingPattern.Length == 0 ? "(receiver's)" : NamingPattern)}', time zone '{TimeZone}'";
}
