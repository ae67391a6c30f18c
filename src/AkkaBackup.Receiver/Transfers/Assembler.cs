using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Chunking;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// One per transfer. Data-plane sessions write verified chunk bytes at their offsets into the
/// <c>.part</c> file and flush them; the assembler records each stored chunk, and on completion checks
/// that every chunk is there and that the whole file's SHA-256 is the client's before the storage
/// manager gives it a final name. A .part file never carries a final name.
/// </summary>
public sealed class Assembler : ReceiveActor
{
    private readonly string _transferId;
    private readonly OpenTransfer _request;
    private readonly string _partPath;
    private readonly IActorRef _storage;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<int, (long Offset, int Length, ulong Checksum)> _stored = new();
    private IActorRef _completionRequester = ActorRefs.Nobody;
    private CompleteTransfer? _completion;

    public Assembler(string transferId, OpenTransfer request, string partPath, IActorRef storage)
    {
        _transferId = transferId;
        _request = request;
        _partPath = partPath;
        _storage = storage;
        Receiving();
    }

    public static Props Props(string transferId, OpenTransfer request, string partPath, IActorRef storage) =>
        Akka.Actor.Props.Create(() => new Assembler(transferId, request, partPath, storage));

    private void Receiving()
    {
        Receive<ChunkStored>(Record);
        Receive<CompleteTransfer>(Complete);
        Receive<AbortTransfer>(Abort);
    }

    private void Verifying()
    {
        Receive<ChunkStored>(_ => Sender.Tell(new ChunkRejected("transfer is being verified")));
        Receive<WholeFileHashed>(Verified);
        Receive<Status.Failure>(f => Fail($"cannot read {_partPath} back: {f.Cause.Message}"));
        Receive<ArchiveFiled>(Filed);
        Receive<FilingFailed>(f => Fail(f.Reason));
        Receive<CompleteTransfer>(_ => Sender.Tell(new TransferFailed(_transferId, "completion already in progress")));
        Receive<AbortTransfer>(Abort);
    }

    private void Record(ChunkStored chunk)
    {
        if (_stored.TryGetValue(chunk.Index, out var existing) && existing.Checksum != chunk.Checksum)
        {
            _log.Warning("Transfer {0}: chunk {1} re-sent with a different checksum; keeping the newest", _transferId, chunk.Index);
        }

        _stored[chunk.Index] = (chunk.Offset, chunk.Length, chunk.Checksum);
        Sender.Tell(ChunkRecorded.Instance);
    }

    private void Complete(CompleteTransfer complete)
    {
        if (complete.TransferId != _transferId)
        {
            Sender.Tell(new TransferFailed(complete.TransferId, $"this assembler handles transfer {_transferId}"));
            return;
        }

        var problem = CompletenessProblem(complete);
        if (problem is not null)
        {
            _log.Warning("Transfer {0} cannot complete: {1}", _transferId, problem);
            Sender.Tell(new TransferFailed(_transferId, problem));
            return;
        }

        _completion = complete;
        _completionRequester = Sender;
        _log.Info("Transfer {0}: all {1} chunks stored ({2:N0} bytes); verifying SHA-256", _transferId, complete.ChunkCount, complete.Length);
        var path = _partPath;
        Task.Run(async () => new WholeFileHashed(await FileHashing.Sha256HexAsync(path, CancellationToken.None)))
            .PipeTo(Self);
        Become(Verifying);
    }

    private string? CompletenessProblem(CompleteTransfer complete)
    {
        if (complete.ChunkCount != _stored.Count)
        {
            var missing = Enumerable.Range(0, Math.Max(complete.ChunkCount, 0)).Where(i => !_stored.ContainsKey(i)).Take(10).ToList();
            return $"{_stored.Count} of {complete.ChunkCount} chunks stored; missing e.g. {string.Join(", ", missing)}";
        }

        long expectedOffset = 0;
        for (var i = 0; i < complete.ChunkCount; i++)
        {
            if (!_stored.TryGetValue(i, out var chunk) || chunk.Offset != expectedOffset)
            {
                return $"chunk {i} is missing or not contiguous";
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
            Fail($"SHA-256 mismatch: client computed {complete.Sha256}, the reassembled file has {hashed.Sha256}");
            return;
        }

        _storage.Tell(new FileArchive(_transferId, _request.ClientId, _partPath, complete.Length, hashed.Sha256, _request.ChunkSize, complete.ChunkCount, complete.Description));
    }

    private void Filed(ArchiveFiled filed)
    {
        var complete = _completion!;
        _log.Info("Transfer {0} stored as {1}", _transferId, filed.StoredPath);
        _completionRequester.Tell(new TransferCompleted(_transferId, filed.StoredName, filed.StoredPath, complete.Length, complete.Sha256));
        Context.Stop(Self);
    }

    private void Fail(string reason)
    {
        _log.Error("Transfer {0} failed: {1}; its partial file is removed", _transferId, reason);
        DeletePart();
        _completionRequester.Tell(new TransferFailed(_transferId, reason));
        Context.Stop(Self);
    }

    private void Abort(AbortTransfer abort)
    {
        _log.Warning("Transfer {0} aborted by the client: {1}", _transferId, abort.Reason);
        DeletePart();
        Context.Stop(Self);
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
}
