using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Archive;
using static AkkaBackup.Client.Archiving.CompressorMessages;

namespace AkkaBackup.Client.Archiving;

/// <summary>
/// <c>run-&lt;id&gt;/archiver</c>: writes the staged archive (<see cref="ArchiveSource"/>: <c>Data.zip</c> of a
/// directory, or a hot stream) forward-only off the mailbox. Each sealed chunk goes
/// straight to the sender, so transfer runs while compression continues; the result goes to the parent.
/// A watchdog fails the archive when no bytes move for <see cref="ArchiveWatch.StallTimeout"/> (a hung disk or
/// file system): compression is cancelled and the parent hears <see cref="ArchiveFailed"/>, as for any failure.
/// </summary>
public sealed class Compressor : ReceiveActor, IWithTimers
{
    public const string Name = "archiver";

    // A compression that ignores its cancellation this long after a stall is given up on.
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cancel = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ArchiveWatch _watch;
    private readonly string _archivePath;
    private long _lastMoved = Environment.TickCount64;
    private Exception? _stalled;

    public Compressor(ArchiveSource source, string archivePath, IActorRef chunkSender, ArchiveWatch watch)
    {
        _watch = watch;
        _archivePath = archivePath;
        var parent = Context.Parent;
        var self = Self;
        var log = _log;
        var progress = new Progress<ArchiveProgress>(p =>
        {
            Moved();
            parent.Tell(new ArchivingProgress(p));
        });
        var token = _cancel.Token;
        var sealedChunks = 0;
        Task.Run(async () =>
            {
                return await source.WriteAsync(archivePath, chunk =>
                {
                    Moved();
                    chunkSender.Tell(new ChunkSealed(chunk));
                    if (++sealedChunks == watch.StallAfterChunks)
                    {
                        log.Warning("TEST HOOK archive-stall-after-chunks: compression holds still after chunk {0}", chunk.Index);
                        token.WaitHandle.WaitOne();
                    }

                    if (watch.ChunkDelay > TimeSpan.Zero)
                    {
                        token.WaitHandle.WaitOne(watch.ChunkDelay);
                    }
                }, progress, released => parent.Tell(new DataDirectoryReleased(released)), log, token);
            })
            .ContinueWith(task => task.IsCompletedSuccessfully
                ? (object)new ArchiveSealed(task.Result)
                : new ArchiveFailed(StagingFull.Explain(task.Exception?.GetBaseException() ?? new OperationCanceledException("compression cancelled"), archivePath)))
            .PipeTo(self);

        Receive<ArchiveSealed>(sealedArchive =>
        {
            chunkSender.Tell(sealedArchive);
            parent.Tell(sealedArchive);
            Become(Done);
        });
        Receive<ArchiveFailed>(failed =>
        {
            parent.Tell(_stalled is null ? failed : new ArchiveFailed(_stalled));
            Become(Done);
        });
        Receive<CancelCompression>(_ => _cancel.Cancel());
        Receive<CheckStall>(_ => CheckForStall());
        Receive<GiveUp>(_ => GiveUpOnHungCompression());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ArchiveSource source, string archivePath, IActorRef chunkSender, ArchiveWatch watch) =>
        Akka.Actor.Props.Create(() => new Compressor(source, archivePath, chunkSender, watch));

    protected override void PreStart()
    {
        var every = TimeSpan.FromTicks(Math.Clamp(_watch.StallTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        Timers.StartPeriodicTimer("watchdog", CheckStall.Instance, every);
    }

    protected override void PostStop() => _cancel.Cancel();

    private void Moved() => Interlocked.Exchange(ref _lastMoved, Environment.TickCount64);

    private void CheckForStall()
    {
        var still = TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastMoved));
        if (_stalled is not null || still < _watch.StallTimeout)
        {
            return;
        }

        _stalled = new ArchiveStalledException(
            $"no bytes were read or written for {still.TotalSeconds:0} s (archive-stall-timeout = {_watch.StallTimeout.TotalSeconds:0.###} s): the data directory or the staging disk hangs");
        _log.Error("Compression into {0} stalled: {1}; cancelling it", _archivePath, _stalled.Message);
        Timers.Cancel("watchdog");
        Timers.StartSingleTimer("give-up", GiveUp.Instance, CancelGrace);
        _cancel.Cancel();
    }

    /// <summary>The compression did not even end when cancelled: report the stall now and leave it behind.</summary>
    private void GiveUpOnHungCompression()
    {
        _log.Error("Compression into {0} did not end within {1:0} s of its cancellation; reporting the stall without it", _archivePath, CancelGrace.TotalSeconds);
        try
        {
            File.Delete(_archivePath);
            CopyAheadOptions.RemoveFor(_archivePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Cannot remove the partial archive {0}: {1}", _archivePath, e.Message);
        }

        Context.Parent.Tell(new ArchiveFailed(_stalled!));
        Become(Done);
    }

    private void Done()
    {
        Timers.CancelAll();
        ReceiveAny(_ => { });
    }

    private sealed class CheckStall
    {
        public static readonly CheckStall Instance = new();

        private CheckStall()
        {
        }
    }

    private sealed class GiveUp
    {
        public static readonly GiveUp Instance = new();

        private GiveUp()
        {
        }
    }
}

/// <summary>
/// How the compressor watches itself: fail after this long without movement. Test hooks: hold it still after
/// <paramref name="StallAfterChunks"/> chunks; pause <paramref name="ChunkDelay"/> after each chunk (slow enough to interrupt).
/// </summary>
public sealed record ArchiveWatch(TimeSpan StallTimeout, int StallAfterChunks, TimeSpan ChunkDelay);

public sealed class ArchiveStalledException(string message) : Exception(message);
