using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Chunking;
using AkkaBackup.Core.Net;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;
using AkkaBackup.Receiver.Storage;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.DataPlane;

/// <summary>
/// One accepted data-plane connection: mutual TLS, a Hello naming a transfer this peer owns, then chunks.
/// Each chunk is checked (shape and checksum), waits for its share of the rate limits, is granted by the
/// transfer's assembler (only while the transfer takes chunks), written at its offset, flushed to disk,
/// recorded by the assembler, and only then acknowledged. Anything wrong with a chunk is answered with a NACK
/// naming why. A session whose reads get nothing for the idle timeout is closed (waiting for memory or a rate
/// limit does not count), and so is every session of a transfer that stops taking chunks (verification, abort).
/// Chunk bytes are read against the client's memory budget, which is part of the listener's.
/// </summary>
public sealed class DataPlaneSession(
    TcpClient tcp, TlsIdentity identity, PeerCertificateValidator validator, IActorRef gateway, BandwidthLimiter limiter, ILoggingAdapter log,
    StoreFullReport storeFull, DataPlaneLimits limits, Func<string, ByteBudget> budgets, ConnectionLimits.Slot slot)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public async Task RunAsync(CancellationToken ct)
    {
        var remote = tcp.Client.RemoteEndPoint?.ToString() ?? "unknown";
        try
        {
            using (tcp)
            {
                await ServeAsync(remote, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.Warning("Data-plane connection from {0} ended: {1}", remote, e.Message);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private async Task ServeAsync(string remote, CancellationToken ct)
    {
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        handshake.CancelAfter(limits.HandshakeTimeout);
        var (tls, peer) = await TlsStreams.AuthenticateAsServerAsync(tcp.GetStream(), identity, validator, handshake.Token);
        await using var _ = tls;
        var stream = new IdleGuardStream(tls, limits.IdleTimeout, peer);
        if (!slot.Authenticated(peer))
        {
            log.Warning("Refused a data-plane connection from {0} ({1}): it already has {2} (data-plane.max-sessions-per-client)", peer, remote, limits.MaxSessionsPerClient);
            await DataFrameCodec.WriteAsync(stream, new HelloRefused($"{peer} already has {limits.MaxSessionsPerClient} data-plane connections"), ct);
            return;
        }

        var hello = await DataFrameCodec.ReadAsync(stream, 0, handshake.Token);
        if (hello is not Hello { ProtocolVersion: Hello.CurrentVersion } h)
        {
            await DataFrameCodec.WriteAsync(stream, new HelloRefused($"expected Hello version {Hello.CurrentVersion}, got {hello?.ToString() ?? "end of stream"}"), ct);
            return;
        }

        var lookup = await gateway.Ask<object>(new LookupTransfer(h.TransferId, peer), AskTimeout, ct);
        if (lookup is not TransferFound transfer)
        {
            var reason = lookup is TransferNotFound nf ? nf.Reason : "transfer lookup failed";
            await DataFrameCodec.WriteAsync(stream, new HelloRefused(reason), ct);
            return;
        }

        using var open = CancellationTokenSource.CreateLinkedTokenSource(ct, transfer.Closed);
        try
        {
            await ReceiveChunksAsync(stream, transfer, remote, h.TransferId, peer, budgets(peer), open.Token);
        }
        catch (OperationCanceledException) when (transfer.Closed.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            log.Info("Transfer {0} takes no more chunks; its data-plane connection from {1} is closed", h.TransferId, peer);
        }
        finally
        {
            gateway.Tell(new DataConnectionClosed(h.TransferId));
        }
    }

    private async Task ReceiveChunksAsync(Stream stream, TransferFound transfer, string remote, string transferId, string peer, ByteBudget budget, CancellationToken ct)
    {
        await DataFrameCodec.WriteAsync(stream, new HelloAccepted(transfer.ChunkSize), ct);
        log.Info("Data-plane connection from {0} ({1}) carries transfer {2}", peer, remote, transferId);
        await using var part = new FileStream(transfer.PartPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        while (true)
        {
            var frame = await DataFrameCodec.ReadAsync(stream, transfer.ChunkSize, ct, budget);
            try
            {
                switch (frame)
                {
                    case null:
                        return;
                    case Ping:
                        break;
                    case ChunkFrame chunk:
                        var answer = await StoreAsync(chunk, transfer, part, peer, transferId, ct);
                        await DataFrameCodec.WriteAsync(stream, answer, ct);
                        if (answer is StoreFull)
                        {
                            return;
                        }

                        break;
                    default:
                        throw new InvalidDataException($"expected a chunk frame, got {frame.GetType().Name}");
                }
            }
            finally
            {
                DataFrameCodec.Release(frame);
            }
        }
    }

    private async Task<DataFrame> StoreAsync(ChunkFrame chunk, TransferFound transfer, FileStream part, string peer, string transferId, CancellationToken ct)
    {
        var problem = ShapeProblem(chunk, transfer);
        if (problem is not null)
        {
            return new ChunkNack(chunk.Index, problem);
        }

        var actual = ChunkChecksum.Compute(chunk.Data.AsSpan(0, chunk.Length));
        if (actual != chunk.Checksum)
        {
            log.Warning("Chunk {0} failed its checksum (sent {1:x16}, received {2:x16}); asking for it again", chunk.Index, chunk.Checksum, actual);
            return new ChunkNack(chunk.Index, $"checksum mismatch: sent {chunk.Checksum:x16}, received {actual:x16}");
        }

        await limiter.ThrottleAsync(transfer.ClientId, chunk.Length, ct);
        var grant = await transfer.Assembler.Ask<object>(new GrantChunk(chunk.Index), AskTimeout, ct);
        if (grant is not ChunkGranted)
        {
            return new ChunkNack(chunk.Index, grant is ChunkRejected rejected ? rejected.Reason : $"the transfer did not grant the chunk ({grant.GetType().Name})");
        }

        try
        {
            await RandomAccess.WriteAsync(part.SafeFileHandle, chunk.Data.AsMemory(0, chunk.Length), chunk.Offset, ct);
            part.Flush(flushToDisk: true);
        }
        catch (Exception e)
        {
            transfer.Assembler.Tell(new ChunkNotWritten(chunk.Index));
            if (e is IOException io && DiskFull.Is(io))
            {
                // Not recorded, so never claimed: a resume sends this chunk again over whatever part of it was written.
                return storeFull.Report(Path.GetDirectoryName(transfer.PartPath)!, chunk.Index, $"{peer}/{transfer.Instance}", transferId, log);
            }

            throw;
        }

        var answer = await transfer.Assembler.Ask<object>(new ChunkStored(chunk.Index, chunk.Offset, chunk.Length, chunk.Checksum), AskTimeout, ct);
        if (answer is ChunkRecorded)
        {
            transfer.Meter.Add(chunk.Length);
        }

        return answer switch
        {
            ChunkRecorded => new ChunkAck(chunk.Index),
            ChunkRejected rejected => new ChunkNack(chunk.Index, rejected.Reason),
            _ => new ChunkNack(chunk.Index, $"the transfer did not record the chunk ({answer.GetType().Name})"),
        };
    }

    private static string? ShapeProblem(ChunkFrame chunk, TransferFound transfer)
    {
        if (chunk.Index < 0 || chunk.Length <= 0 || chunk.Length > transfer.ChunkSize)
        {
            return $"chunk {chunk.Index} with {chunk.Length} bytes is outside index >= 0, 1..{transfer.ChunkSize} bytes";
        }

        if (chunk.Offset != (long)chunk.Index * transfer.ChunkSize)
        {
            return $"chunk {chunk.Index} claims offset {chunk.Offset}, expected {(long)chunk.Index * transfer.ChunkSize}";
        }

        return chunk.Offset + chunk.Length > transfer.MaxLength
            ? $"chunk {chunk.Index} ends at {chunk.Offset + chunk.Length}, past the announced size {transfer.MaxLength}"
            : null;
    }
}
