using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Configuration;
using static AkkaBackup.Client.Archiving.CompressorMessages;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// <c>run-&lt;id&gt;/sender</c>: owns the data-plane connection and a <see cref="ChunkUploader"/> running off
/// the mailbox; feeds it sealed chunks and reports acknowledgements and the outcome to the parent.
/// </summary>
public sealed class ChunkSender : ReceiveActor
{
    public const string Name = "sender";

    private readonly DataPlaneConnection _connection;
    private readonly CancellationTokenSource _cancel = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _acknowledgedBytes;

    public ChunkSender(DataPlaneConnection connection, string archivePath, ClientSettings settings)
    {
        _connection = connection;
        var parent = Context.Parent;
        var self = Self;
        var log = _log;
        var uploader = new ChunkUploader(
            connection, archivePath, settings.Window, settings.MaxChunkAttempts, settings.TestHooks,
            chunk => self.Tell(new BytesAcknowledged(chunk.Length)),
            warning => log.Warning(warning));

        uploader.RunAsync(_cancel.Token).ContinueWith(task => task.IsCompletedSuccessfully
                ? (object)AllChunksAcknowledged.Instance
                : new TransferBroken(task.Exception?.GetBaseException().Message ?? "transfer cancelled", task.Exception?.GetBaseException() ?? new OperationCanceledException()))
            .PipeTo(self);

        Receive<ChunkSealed>(s => uploader.Enqueue(s.Chunk));
        Receive<ArchiveSealed>(s => uploader.ArchiveSealed(s.Result.ChunkCount));
        Receive<BytesAcknowledged>(b =>
        {
            _acknowledgedBytes += b.Total;
            parent.Tell(new BytesAcknowledged(_acknowledgedBytes));
        });
        Receive<AllChunksAcknowledged>(done => parent.Tell(done));
        Receive<TransferBroken>(broken => parent.Tell(broken));
    }

    public static Props Props(DataPlaneConnection connection, string archivePath, ClientSettings settings) =>
        Akka.Actor.Props.Create(() => new ChunkSender(connection, archivePath, settings));

    protected override void PostStop()
    {
        _cancel.Cancel();
        _connection.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
    }
}
