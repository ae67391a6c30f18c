using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;
using static AkkaBackup.Client.Archiving.CompressorMessages;

namespace AkkaBackup.Client.Archiving;

/// <summary>
/// <c>run-&lt;id&gt;/archiver</c>: writes <c>Data.zip</c> forward-only off the mailbox. Each sealed chunk goes
/// straight to the sender, so transfer runs while compression continues; the result goes to the parent.
/// </summary>
public sealed class Compressor : ReceiveActor
{
    public const string Name = "archiver";

    private readonly CancellationTokenSource _cancel = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>
    /// The data directory is walked again here, after the server is proven down: a stopping server
    /// removes and rewrites files (recovery logs, redo logs), so the pre-flight walk only sized the run.
    /// </summary>
    /// <param name="testDelay">Test hook (akkabackup.testing.archive-chunk-delay): pause after each sealed chunk.</param>
    public Compressor(string dataDirectory, string archivePath, ArchiveOptions options, IActorRef chunkSender, TimeSpan testDelay)
    {
        var parent = Context.Parent;
        var self = Self;
        var log = _log;
        var progress = new Progress<ArchiveProgress>(p => parent.Tell(new ArchivingProgress(p)));
        var archiver = new DataDirectoryArchiver(options);
        var token = _cancel.Token;
        Task.Run(async () =>
            {
                var scan = DataDirectoryScanner.Scan(dataDirectory);
                foreach (var skipped in scan.Skipped)
                {
                    log.Warning("Not archived: {0}", skipped);
                }

                log.Info("Compressing {0} ({1:N0} bytes in {2:N0} files) into {3}", scan.Root, scan.TotalBytes, scan.FileCount, archivePath);
                return await archiver.CreateAsync(scan, archivePath, chunk => OnChunkSealed(chunkSender, chunk, testDelay), progress, token);
            })
            .ContinueWith(task => task.IsCompletedSuccessfully
                ? (object)new ArchiveSealed(task.Result)
                : new ArchiveFailed(task.Exception?.GetBaseException() ?? new OperationCanceledException("compression cancelled")))
            .PipeTo(self);

        Receive<ArchiveSealed>(sealedArchive =>
        {
            chunkSender.Tell(sealedArchive);
            parent.Tell(sealedArchive);
        });
        Receive<ArchiveFailed>(failed => parent.Tell(failed));
        Receive<CancelCompression>(_ => _cancel.Cancel());
    }

    public static Props Props(string dataDirectory, string archivePath, ArchiveOptions options, IActorRef chunkSender, TimeSpan testDelay) =>
        Akka.Actor.Props.Create(() => new Compressor(dataDirectory, archivePath, options, chunkSender, testDelay));

    private static void OnChunkSealed(IActorRef chunkSender, SealedChunk chunk, TimeSpan testDelay)
    {
        chunkSender.Tell(new ChunkSealed(chunk));
        if (testDelay > TimeSpan.Zero)
        {
            Thread.Sleep(testDelay);
        }
    }

    protected override void PostStop() => _cancel.Cancel();
}
