using AkkaBackup.Core.Naming;
using Akka.Actor;
using AkkaBackup.Core.Telemetry;
using Akka.Event;
using Akka.Persistence;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Storage;
using AkkaBackup.Store.Catalog;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// One per transfer, persistent (id <c>transfer-&lt;id&gt;</c>). A data-plane session asks for a grant before it
/// writes a verified chunk at its offset into the <c>.part</c> file, and grants are given only while the
/// transfer takes chunks; once the bytes are flushed the assembler journals the chunk and lets the session
/// acknowledge it. On resume it re-verifies what it holds against the disk and answers with exactly what it
/// has; on completion it closes the transfer's sessions, waits for no write in flight, checks that every chunk
/// is there, that the sizes are the ones announced and received, and that the whole file's SHA-256 is the
/// client's, before the storage manager gives it a final name; then it deletes its journal. A .part file never
/// carries a final name, and no session writes into a file being verified or filed.
/// </summary>
public sealed class Assembler : ReceivePersistentActor, IWithTimers
{
    private const string ExpiryTimer = "expiry";

    private readonly string _transferId;
    private readonly NewTransfer? _open;
    private readonly IActorRef _opener;
    private readonly ReceiverSettings _settings;
    private readonly IActorRef _storage;
    private readonly string _partPath;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<int, ChunkPersisted> _stored = new();

    // Chunks written or re-verified by this incarnation; only chunks recovered from the journal are re-read on resume.
    private readonly HashSet<int> _trusted = [];
    private TransferStarted? _header;
    private readonly HashSet<int> _granted = [];
    private IActorRef _completionRequester = ActorRefs.Nobody;
    private CompleteTransfer? _completion;
    private long _recoveredSnapshot;
    private CancellationTokenSource _sessions = new();

    /// <param name="open">The request that creates this transfer; null when the transfer is recovered after a restart.</param>
    public Assembler(string transferId, NewTransfer? open, IActorRef opener, ReceiverSettings settings, IActorRef storage)
    {
        _transferId = transferId;
        _open = open;
        _opener = opener;
        _settings = settings;
        _storage = storage;
        _partPath = Path.Combine(settings.PartialDirectory, transferId + ".part");

        Recover<TransferStarted>(e => _header = e);
        Recover<ChunkPersisted>(Apply);
        Recover<ChunksDropped>(Apply);
        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (AssemblerSnapshot)offer.Snapshot;
            _recoveredSnapshot = offer.Metadata.SequenceNr;
            _header = snapshot.Header;
            _stored.Clear();
            foreach (var chunk in snapshot.Chunks)
            {
                Apply(chunk);
            }
        });
        Recover<RecoveryCompleted>(_ => Recovered());
        CommandAny(_ => Stash.Stash());
    }

    public override string PersistenceId => "transfer-" + _transferId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string transferId, NewTransfer? open, IActorRef opener, ReceiverSettings settings, IActorRef storage) =>
        Akka.Actor.Props.Create(() => new Assembler(transferId, open, opener, settings, storage));

    protected override void PostStop()
    {
        _sessions.Cancel();
        base.PostStop();
    }

    private void Recovered()
    {
        if (_header is not null)
        {
            _log.Info("Transfer {0} of {1} recovered: {2} chunks held", _transferId, _header.ClientId, _stored.Count);
            DeleteWhatTheSnapshotCovers();
            BecomeReady();
            return;
        }

        if (_open is null)
        {
            _log.Warning("{0} has no journal (it was never opened, or its journal was lost); removing it", _partPath);
            DeletePart();
            Context.Stop(Self);
            return;
        }

        var o = _open.Open;
        var started = new TransferStarted(_transferId, _open.Client, o.Server, o.Instance, o.RequiredBytes, o.ChunkSize, DateTimeOffset.UtcNow);
        Persist(started, e =>
        {
            _header = e;
            BecomeReady();
            _opener.Tell(new TransferOpened(_transferId, _settings.AdvertisedDataPort));
        });
    }

    /// <summary>
    /// A node that stopped soon after a snapshot was saved never deleted what it covers (the answer came
    /// too late): the next incarnation does it, so the journal does not keep every chunk of a long transfer.
    /// </summary>
    private void DeleteWhatTheSnapshotCovers()
    {
        if (_recoveredSnapshot > 0)
        {
            DeleteMessages(_recoveredSnapshot);
            DeleteSnapshots(new SnapshotSelectionCriteria(_recoveredSnapshot - 1));
        }
    }

    private void BecomeReady()
    {
        AnnounceReady();
        Timers.StartPeriodicTimer(ExpiryTimer, ExpiryCheck.Instance, TimeSpan.Zero, ExpiryCheckInterval());
        Become(Receiving);
        Stash.UnstashAll();
    }

    /// <summary>Tells the gateway that the transfer takes chunks, with a fresh token that ends its sessions when it stops.</summary>
    private void AnnounceReady()
    {
        var h = _header!;
        _sessions = new CancellationTokenSource();
        Context.Parent.Tell(new AssemblerReady(_transferId, h.ClientId, h.Server, h.Instance, _partPath, h.ChunkSize, h.MaxLength, _sessions.Token));
    }

    /// <summary>No data-plane session writes from here on (verification, filing, close).</summary>
    private void CloseSessions() => _sessions.Cancel();

    private TimeSpan ExpiryCheckInterval() => TimeSpan.FromTicks(Math.Clamp(_settings.PartialExpiry.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromHours(1).Ticks));

    private void Receiving()
    {
        // One writer per chunk: a second connection with the same chunk (an old one not yet gone) sends it again later.
        Command<GrantChunk>(grant => !NodeLocal.Refuses(Sender, grant, _log),
            grant => Sender.Tell(_granted.Add(grant.Index) ? ChunkGranted.Instance : new ChunkRejected($"chunk {grant.Index} is being written by another connection")));
        Command<ChunkStored>(chunk => !NodeLocal.Refuses(Sender, chunk, _log), Record);
        Command<ChunkNotWritten>(chunk => !NodeLocal.Refuses(Sender, chunk, _log), chunk => _granted.Remove(chunk.Index));
        Command<ClientRequest>(request =>
        {
            switch (request.Request)
            {
                case ResumeTransfer resume when IsOwner(request.Client, resume):
                    Resume();
                    break;
                case CompleteTransfer complete when IsOwner(request.Client, complete):
                    Complete(complete);
                    break;
                case AbortTransfer abort when IsOwner(request.Client, abort):
                    Abort(abort);
                    break;
            }
        });
        Command<ExpiryCheck>(_ => ExpireIfAbandoned());
        HousekeepingCommands();
    }

    private void Reverifying(IActorRef requester)
    {
        Command<DamageFound>(found =>
        {
            _trusted.UnionWith(_stored.Keys.Except(found.Indices));
            if (found.Indices.Count == 0)
            {
                AnswerResumed(requester, 0);
                return;
            }

            _log.Warning("Transfer {0}: {1} chunk(s) failed re-verification and will be sent again: {2}",
                _transferId, found.Indices.Count, string.Join(", ", found.Indices.Take(20)));
            Persist(new ChunksDropped(found.Indices), e =>
            {
                Apply(e);
                AnswerResumed(requester, e.Indices.Count);
            });
        });
        Command<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "Transfer {0}: cannot re-read {1}", _transferId, _partPath);
            requester.Tell(new TransferUnknown(_transferId, $"the receiver cannot read its partial file: {f.Cause.Message}"));
            Become(Receiving);
            Stash.UnstashAll();
        });
        Command<ExpiryCheck>(_ => { });
        HousekeepingCommands();
        CommandAny(_ => Stash.Stash());
    }

    private void Verifying()
    {
        Command<GrantChunk>(_ => Sender.Tell(new ChunkRejected("transfer is being verified")));
        Command<ChunkStored>(chunk => !NodeLocal.Refuses(Sender, chunk, _log), chunk => _granted.Remove(chunk.Index));
        Command<ChunkNotWritten>(chunk => !NodeLocal.Refuses(Sender, chunk, _log), chunk => _granted.Remove(chunk.Index));
        Command<WholeFileHashed>(Verified);
        Command<DamageFound>(AfterHashMismatch);
        Command<Status.Failure>(f => Fail($"cannot read {_partPath} back: {f.Cause.Message}"));
        Command<ArchiveFiled>(Filed);
        Command<FilingFailed>(f => Fail(f.Reason));
        Command<ClientRequest>(request =>
        {
            switch (request.Request)
            {
                case CompleteTransfer complete when IsOwner(request.Client, complete):
                    Sender.Tell(new TransferFailed(_transferId, "completion already in progress"));
                    break;
                case ResumeTransfer resume when IsOwner(request.Client, resume):
                    Sender.Tell(new TransferVerifying(_transferId));
                    break;
                case AbortTransfer abort when IsOwner(request.Client, abort):
                    Abort(abort);
                    break;
            }
        });
        Command<ExpiryCheck>(_ => { });
        HousekeepingCommands();
    }

    private void Closing()
    {
        Command<DeleteMessagesSuccess>(_ => Context.Stop(Self));
        Command<DeleteMessagesFailure>(f =>
        {
            _log.Error(f.Cause, "Transfer {0}: its journal could not be deleted; it is ignored without its .part file", _transferId);
            Context.Stop(Self);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Transfer {0}: snapshots not deleted: {1}", _transferId, f.Cause.Message));
        Command<GrantChunk>(_ => Sender.Tell(new ChunkRejected("transfer is closed")));
        Command<ClientRequest>(_ => Sender.Tell(new TransferFailed(_transferId, "transfer is closed")));
        CommandAny(_ => { });
    }

    private void HousekeepingCommands()
    {
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning("Transfer {0}: snapshot not saved ({1}); the journal still holds every chunk", _transferId, f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("Transfer {0}: old journal entries not deleted: {1}", _transferId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    private void Record(ChunkStored chunk)
    {
        if (!_granted.Remove(chunk.Index))
        {
            _log.Warning("Transfer {0}: chunk {1} was stored without a grant; it is not recorded", _transferId, chunk.Index);
            Sender.Tell(new ChunkRejected($"chunk {chunk.Index} was not granted"));
            return;
        }

        if (_stored.TryGetValue(chunk.Index, out var existing) && existing.Checksum != chunk.Checksum)
        {
            _log.Warning("Transfer {0}: chunk {1} re-sent with a different checksum; keeping the newest", _transferId, chunk.Index);
        }

        var requester = Sender;
        PersistAsync(new ChunkPersisted(chunk.Index, chunk.Offset, chunk.Length, chunk.Checksum), e =>
        {
            Apply(e);
            _trusted.Add(e.Index);
            requester.Tell(ChunkRecorded.Instance);
            if (LastSequenceNr % _settings.SnapshotEvery == 0)
            {
                SaveSnapshot(new AssemblerSnapshot(_header!, _stored.Values.ToList()));
            }
        });
    }

    /// <summary>
    /// The gateway routes only the owner's requests here; checked again because an assembler must never act for
    /// another client, whatever routes to it.
    /// </summary>
    private bool IsOwner(string client, IProtocolMessage request)
    {
        if (client == _header!.ClientId)
        {
            return true;
        }

        _log.Warning("Refused {0} from client {1} for transfer {2}, which belongs to client {3}", request.GetType().Name, client, _transferId, _header.ClientId);
        Sender.Tell(new TransferFailed(_transferId, $"refused: transfer {_transferId} was not opened by client {client}"));
        return false;
    }

    private void Abort(AbortTransfer abort)
    {
        Close($"aborted by the client: {abort.Reason}", LogLevel.WarningLevel);
        Sender.Tell(new TransferAborted(_transferId));
    }

    private void Resume()
    {
        Touch();
        var requester = Sender;
        var chunks = _stored.Values.Where(c => !_trusted.Contains(c.Index)).ToList();
        _log.Info("Transfer {0}: resume requested; {1} held chunks, re-verifying {2} recovered from the journal", _transferId, _stored.Count,
            _settings.ResumeVerification.All ? chunks.Count : Math.Min(chunks.Count, _settings.ResumeVerification.Sample + _settings.ResumeVerification.Tail));
        ChunkVerifier.FindDamagedAsync(_partPath, chunks, _settings.ResumeVerification, CancellationToken.None)
            .PipeTo(Self, success: damaged => new DamageFound(damaged));
        Become(() => Reverifying(requester));
    }

    private void AnswerResumed(IActorRef requester, int dropped)
    {
        requester.Tell(new TransferResumed(_transferId, _settings.AdvertisedDataPort, _header!.ChunkSize, ChunkBitmap.From(_stored.Keys), dropped));
        _log.Info("Transfer {0}: resumed with {1} chunks held ({2} dropped)", _transferId, _stored.Count, dropped);
        Become(Receiving);
        Stash.UnstashAll();
    }

    private void Complete(CompleteTransfer complete)
    {
        var problem = CompletenessProblem(complete);
        if (problem is not null)
        {
            _log.Warning("Transfer {0} cannot complete: {1}", _transferId, problem);
            Context.System.EventStream.Publish(CatalogEntries.Refused(_header!.ClientId, _header.Instance, $"completion of transfer {_transferId} refused: {problem}", DateTimeOffset.UtcNow)
                with { TransferId = _transferId });
            Sender.Tell(new TransferFailed(_transferId, problem));
            return;
        }

        // Sessions end here and no chunk may be granted any more: nothing writes into the file from now on.
        CloseSessions();
        _completion = complete;
        _completionRequester = Sender;
        _log.Info("Transfer {0}: all {1} chunks stored ({2:N0} bytes); verifying SHA-256", _transferId, complete.ChunkCount, complete.Length);
        var path = _partPath;
        var delay = _settings.VerifyDelay;
        Task.Run(async () =>
        {
            await Task.Delay(delay);
            return new WholeFileHashed(await FileHashing.Sha256HexAsync(path, CancellationToken.None));
        }).PipeTo(Self);
        Become(Verifying);
    }

    /// <summary>
    /// A completion must describe exactly what was announced and received: at least one chunk, every chunk
    /// present and contiguous, each full-sized but the last, no more bytes than announced at open, and the
    /// same size on disk. A client (or a peer) that claims anything else is refused before any hashing.
    /// </summary>
    private string? CompletenessProblem(CompleteTransfer complete)
    {
        // The placement comes again with the description; it was checked when the transfer opened, but the
        // client may have changed its target since (a restart in between): checked before verification.
        if (TargetPlacement.Problem(complete.Description.Target) is { } placement)
        {
            return placement;
        }

        if (!BackupTypes.TryParse(complete.Description.BackupType, out _))
        {
            return $"backup type '{complete.Description.BackupType}' is not one of {string.Join(", ", BackupTypes.Names)}";
        }

        var h = _header!;
        if (complete.ChunkCount < 1 || complete.Length < 1)
        {
            return $"a completion of {complete.Length:N0} bytes in {complete.ChunkCount} chunks: an archive has at least one byte";
        }

        if (complete.Length > h.MaxLength)
        {
            return $"the client says the archive has {complete.Length:N0} bytes, more than the {h.MaxLength:N0} announced when the transfer opened";
        }

        var expectedChunks = (complete.Length + h.ChunkSize - 1) / h.ChunkSize;
        if (complete.ChunkCount != expectedChunks)
        {
            return $"{complete.Length:N0} bytes in chunks of {h.ChunkSize:N0} are {expectedChunks} chunks, the client says {complete.ChunkCount}";
        }

        if (_granted.Count > 0)
        {
            return $"{_granted.Count} chunk(s) are still being written; complete once every chunk is acknowledged";
        }

        if (complete.ChunkCount != _stored.Count)
        {
            var missing = Enumerable.Range(0, complete.ChunkCount).Where(i => !_stored.ContainsKey(i)).Take(10).ToList();
            return $"{_stored.Count} of {complete.ChunkCount} chunks stored; missing e.g. {string.Join(", ", missing)}";
        }

        long expectedOffset = 0;
        for (var i = 0; i < complete.ChunkCount; i++)
        {
            var last = i == complete.ChunkCount - 1;
            if (!_stored.TryGetValue(i, out var chunk) || chunk.Offset != expectedOffset || (!last && chunk.Length != h.ChunkSize))
            {
                return $"chunk {i} is missing, not contiguous or not full-sized";
            }

            expectedOffset += chunk.Length;
        }

        if (expectedOffset != complete.Length)
        {
            return $"chunks cover {expectedOffset:N0} bytes, the client says the archive has {complete.Length:N0}";
        }

        var onDisk = new FileInfo(_partPath).Length;
        return onDisk != complete.Length ? $"{_partPath} has {onDisk:N0} bytes, expected {complete.Length:N0}" : null;
    }

    private void Verified(WholeFileHashed hashed)
    {
        var complete = _completion!;
        if (!string.Equals(hashed.Sha256, complete.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            // Find out whether the disk lost bytes after they were checked (resumable) or the client sent wrong bytes.
            _log.Warning("Transfer {0}: SHA-256 mismatch (client {1}, file {2}); re-verifying every chunk", _transferId, complete.Sha256, hashed.Sha256);
            ChunkVerifier.FindDamagedAsync(_partPath, _stored.Values.ToList(), _settings.ResumeVerification with { All = true }, CancellationToken.None)
                .PipeTo(Self, success: damaged => new DamageFound(damaged));
            return;
        }

        var h = _header!;
        _storage.Tell(new FileArchive(_transferId, h.ClientId, _partPath, complete.Length, hashed.Sha256, h.ChunkSize, complete.ChunkCount, complete.Description));
    }

    private void AfterHashMismatch(DamageFound found)
    {
        if (found.Indices.Count == 0)
        {
            Fail($"SHA-256 mismatch: the client computed {_completion!.Sha256} but every chunk matches the checksum it was sent with: the client's archive changed after it was sealed");
            return;
        }

        Persist(new ChunksDropped(found.Indices), e =>
        {
            Apply(e);
            _log.Warning("Transfer {0}: {1} chunk(s) damaged on the receiver's disk were dropped; the client must resume", _transferId, e.Indices.Count);
            _completionRequester.Tell(new TransferFailed(_transferId, $"{e.Indices.Count} chunk(s) were damaged on the receiver's disk and dropped; resume to send them again"));
            AnnounceReady();
            Become(Receiving);
        });
    }

    private void Filed(ArchiveFiled filed)
    {
        var complete = _completion!;
        var completed = new TransferCompleted(_transferId, filed.StoredName, filed.StoredPath, complete.Length, complete.Sha256);
        try
        {
            CompletedTransfers.Record(_settings.CompletedDirectory, _header!.ClientId, completed);
        }
        catch (IOException e)
        {
            _log.Warning("Transfer {0}: completion record not written ({1}); a client that missed the answer would send again", _transferId, e.Message);
        }

        _log.Info("Transfer {0} stored as {1}", _transferId, filed.StoredPath);
        BackupMetrics.TransferStored(_header!.ClientId);
        var now = DateTimeOffset.UtcNow;
        var reported = ReportedRunTimes.Check(complete, _header.At, now);
        foreach (var problem in reported.Problems)
        {
            _log.Warning("Transfer {0} from client {1}: {2}; filed as unknown", _transferId, _header.ClientId, problem);
        }

        Context.System.EventStream.Publish(CatalogEntries.Filed(_header, complete, filed, now, reported));
        _completionRequester.Tell(completed);
        DeleteJournal();
    }

    private void Fail(string reason)
    {
        _log.Error("Transfer {0} failed: {1}; its partial file is removed", _transferId, reason);
        var type = _completion is { } c && BackupTypes.TryParse(c.Description.BackupType, out var t) ? t : (BackupType?)null;
        Context.System.EventStream.Publish(CatalogEntries.OfTransfer(CatalogEvent.Failed, _transferId, _header!.ClientId, _header.Instance, type, reason, DateTimeOffset.UtcNow));
        DeletePart();
        _completionRequester.Tell(new TransferFailed(_transferId, reason));
        DeleteJournal();
    }

    private void ExpireIfAbandoned()
    {
        var lastActivity = File.Exists(_partPath) ? new DateTimeOffset(File.GetLastWriteTimeUtc(_partPath)) : _header!.At;
        if (DateTimeOffset.UtcNow - lastActivity > _settings.PartialExpiry)
        {
            var why = $"abandoned: untouched since {lastActivity:u}, longer than partial-expiry {_settings.PartialExpiry}";
            Context.System.EventStream.Publish(CatalogEntries.OfTransfer(CatalogEvent.Expired, _transferId, _header!.ClientId, _header.Instance, null, why, DateTimeOffset.UtcNow));
            Close(why, LogLevel.WarningLevel);
        }
    }

    private void Close(string why, LogLevel level)
    {
        _log.Log(level, $"Transfer {_transferId} {why}; removing {_partPath} and its journal");
        Context.Parent.Tell(new AssemblerClosing(_transferId));
        CloseSessions();
        DeletePart();
        DeleteJournal();
    }

    private void DeleteJournal()
    {
        Timers.CancelAll();
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
        DeleteMessages(long.MaxValue);
        Become(Closing);
    }

    private void Apply(ChunkPersisted chunk) => _stored[chunk.Index] = chunk;

    private void Apply(ChunksDropped dropped)
    {
        foreach (var index in dropped.Indices)
        {
            _stored.Remove(index);
            _trusted.Remove(index);
        }
    }

    /// <summary>A resumed transfer is alive: its expiry counts from now.</summary>
    private void Touch()
    {
        try
        {
            File.SetLastWriteTimeUtc(_partPath, DateTime.UtcNow);
        }
        catch (IOException)
        {
        }
    }

    private void DeletePart()
    {
        try
        {
            File.Delete(_partPath);
        }
        catch (IOException e)
        {
            _log.Error(e, "Cannot delete {0}", _partPath);
        }
    }

    private sealed record WholeFileHashed(string Sha256);

    private sealed record DamageFound(IReadOnlyList<int> Indices);

    private sealed class ExpiryCheck
    {
        public static readonly ExpiryCheck Instance = new();

        private ExpiryCheck()
        {
        }
    }
}
