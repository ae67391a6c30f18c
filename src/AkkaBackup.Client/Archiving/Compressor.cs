using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Archive;
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

    public Compressor(DataDirectoryScan scan, string archivePath, ArchiveOptions options, IActorRef chunkSender)
    {
        var parent = Context.Parent;
        var self = Self;
        var progress = new Progress<ArchiveProgress>(p => parent.Tell(new ArchivingProgress(p)));
        var archiver = new DataDirectoryArchiver(options);
        _log.Info("Compressing {0} ({1:N0} bytes in {2:N0} files) into {3}", scan.Root, scan.TotalBytes, scan.FileCount, archivePath);
        archiver.CreateAsync(scan, archivePath, chunk => chunkSender.Tell(new ChunkSealed(chunk)), progress, _cancel.Token)
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
    }

    public static Props Props(DataDirectoryScan scan, string archivePath, ArchiveOptions options, IActorRef chunkSender) =>
        Akka.Actor.Props.Create(() => new Compressor(scan, archivePath, options, chunkSender));

    protected override void PostStop() => _cancel.Cancel();
}
