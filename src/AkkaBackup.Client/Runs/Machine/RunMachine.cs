using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Naming;
using static AkkaBackup.Client.Runs.Machine.RunEffects;
using static AkkaBackup.Client.Runs.Machine.RunInputs;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Runs.Machine;

/// <summary>
/// One backup run as a pure state machine: <see cref="Decide"/> takes the state and an input and returns the
/// next state, the events to journal and the effects to carry out. No actor, clock, file or server in here —
/// <see cref="BackupCoordinator"/> does all of that — so every path is a plain unit test.
/// <para>
/// Cold: Preflight → StoppingServer → Archiving → Transferring → StartingServer → Verifying → Cleaning → Done.
/// Snapshot: Preflight → StoppingServer → Cloning → StartingServer → Archiving (the clone) → Transferring → Verifying → …
/// Hot: Preflight → Archiving (the tool's stream, server running) → Transferring → Verifying → …
/// The invariants (DESIGN.md): (1) every way out after the stop was issued passes through a server start, and a
/// start that fails leaves manual steps; the stop is journalled before it is issued, so a restarted node starts
/// the server first; (2) nothing is archived before the server is proven down; (3) nothing is stopped before
/// pre-flight passed, nor after a cancel.
/// </para>
/// </summary>
public static class RunMachine
{
    public static RunState Initial(string runId) => new() { RunId = runId };

    public static RunDecision Decide(RunContext context, RunState state, RunInput input)
    {
        var d = new DecisionBuilder(context, state);
        if (input is Cancel cancel && state.Stage is RunStage.Concluded)
        {
            return d.Do(new Reply(new CancelDeclined(context.RunId, $"it already finished ({state.Outcome})"))).Build();
        }

        switch (state.Stage, input)
        {
            case (RunStage.Recovering, Recovered r) when !r.Resuming: Begin(d, r); break;
            case (RunStage.Recovering, Recovered r): Resume(d, r); break;
            case (RunStage.Preflighting, _): Preflighting(d, input); break;
            case (RunStage.Stopping, _): Stopping(d, input); break;
            case (RunStage.Cloning, _): Cloning(d, input); break;
            case (RunStage.Shipping, _): Shipping(d, input); break;
        }

        return d.Build();
    }

    private static void Begin(DecisionBuilder d, Recovered r) =>
        d.Persist(new RunBegan(d.RunId, d.Context.Instance, r.At)).With(s => s with { Stage = RunStage.Preflighting }).Do(new RunPreflight());

    /// <summary>The node restarted an open run (or an operator retries a pending one): the server first, then the archive.</summary>
    private static void Resume(DecisionBuilder d, Recovered r)
    {
        var s = d.State;
        if (s.StopIssued is not { } stop)
        {
            d.Log(LogLevel.WarningLevel, $"Run {d.RunId} of {d.Context.Instance}: the node stopped during pre-flight; the server was never touched")
                .Fail(RunPhase.Preflight, null, "the client node stopped during pre-flight; the server was not touched");
            Conclude(d, r.Now);
            return;
        }

        var why = s.Ended is null ? "the client node stopped mid-run" : "pending transfer retried";
        var then = s.Sealed is not null ? $"resuming transfer {s.TransferId} from {stop.ArchivePath}" : "removing the partial archive";
        if (stop.Type == BackupType.Hot)
        {
            // A hot run never stopped the server, so it does not start it either: the DBA may have stopped it since.
            d.Log(LogLevel.WarningLevel, $"Run {d.RunId} of {d.Context.Instance} (hot) was interrupted ({why}); the server was never stopped; {then}")
                .With(x => x with { Stage = RunStage.Shipping, ServerStartRequested = true, ServerPhaseDone = true, Downtime = TimeSpan.Zero })
                .Enter(RunPhase.Transferring, r.Now);
        }
        else
        {
            // Downtime counts from the journalled stop, the time the node was gone included.
            var downSince = r.Now - Max0(r.At - stop.At);
            d.Log(LogLevel.WarningLevel, $"Run {d.RunId} of {d.Context.Instance} was interrupted ({why}); making sure the server runs, then {then}")
                .With(x => x with
                {
                    Stage = RunStage.Shipping,
                    DowntimeSince = x.ServerAnsweredAfterStop ? null : downSince,
                    Downtime = x.ServerAnsweredAt is { } answered ? Max0(answered - stop.At) : null,
                    ServerStartRequested = true,
                })
                .Enter(RunPhase.StartingServer, r.Now)
                .Do(new StartServer(EnsureOnly: true));
        }

        // A snapshot's clone is of no use to a resumed run: the archive is sealed, or it is made again by the next run.
        RemoveClone(d);
        if (s.Sealed is null)
        {
            d.With(x => x with { ArchiveFailed = true, TransferDone = true })
                .Do(new DeletePartialArchive(stop.ArchivePath))
                .Do(new AbortTransfer(stop.TransferId, "the client restarted before Data.zip was sealed"))
                .Log(LogLevel.InfoLevel, $"Run {d.RunId}: asked the receiver to remove its partial transfer {stop.TransferId}")
                .Fail(RunPhase.Archiving, null, "the client node stopped after the server stop was issued and before Data.zip was sealed; the partial archive was removed");
        }
        else
        {
            d.Do(new LoadKeptArchive(stop.ArchivePath, s.Sealed.Length, stop.ChunkSize));
        }

        ConcludeIfSettled(d, r.Now);
    }

    private static void Preflighting(DecisionBuilder d, RunInput input)
    {
        switch (input)
        {
            case Waiting w:
                if (d.State.AdmissionWait?.Position != w.Wait.Position)
                {
                    d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: waiting for a transfer slot on the receiver, position {w.Wait.Position} in its queue ({w.Wait.Reason}); the server is not stopped while waiting");
                }

                d.With(s => s with { AdmissionWait = w.Wait });
                break;
            case Preflighted p:
                d.With(s => s with { AdmissionWait = null, Preflight = p.Summary });
                if (d.State.CancelReason is not null)
                {
                    d.Do(new ReleasePreflight()).Do(new AbortTransfer(p.Summary.TransferId, "the run was cancelled"));
                    Conclude(d, p.Now);
                    return;
                }

                var passed = $"Run {d.RunId}: pre-flight passed (server {p.Summary.ServerVersion}, {p.Summary.DataBytes:N0} bytes in {p.Summary.FileCount:N0} files, transfer {p.Summary.TransferId})";
                var type = d.Context.Type;
                d.Persist(new StopIssued(p.Summary.TransferId, p.Summary.ArchivePath, p.ChunkSize, p.Summary.ServerVersion, p.At, type, type == BackupType.Snapshot ? p.Summary.ClonePath : null, type == BackupType.Snapshot ? p.Summary.CloneVolume : null));
                if (type == BackupType.Hot)
                {
                    d.Log(LogLevel.InfoLevel, $"{passed}; streaming a hot copy, the server keeps running")
                        .Enter(RunPhase.Archiving, p.Now)
                        .With(s => s with { Stage = RunStage.Shipping, ServerStartRequested = true, ServerPhaseDone = true, Downtime = TimeSpan.Zero, ArchiveStarted = true })
                        .Do(new StartArchiving());
                    return;
                }

                d.Log(LogLevel.InfoLevel, $"{passed}; stopping the server{(type == BackupType.Snapshot ? " to clone its data directory" : "")}")
                    .Enter(RunPhase.StoppingServer, p.Now)
                    .With(s => s with { Stage = RunStage.Stopping, DowntimeSince = p.Now })
                    .Do(new StopServer());
                break;
            case PreflightFailed f:
                if (d.State.CancelReason is null || f.Cause is not OperationCanceledException)
                {
                    d.Fail(RunPhase.Preflight, f.Cause, "pre-flight failed, the server was not touched");
                }

                Conclude(d, f.Now);
                break;
            case Cancel c:
                Cancelled(d, c, "the server was not touched");
                d.Do(new CancelWork());
                break;
        }
    }

    private static void Stopping(DecisionBuilder d, RunInput input)
    {
        switch (input)
        {
            case ServerStopped stopped when d.State.CancelReason is not null:
                d.Do(new AbortTransfer(d.State.Preflight!.TransferId, "the run was cancelled"))
                    .With(s => s with { ArchiveFailed = true, TransferDone = true, Stage = RunStage.Shipping });
                StartServer(d, stopped.Now);
                break;
            case ServerStopped stopped when d.Type == BackupType.Snapshot:
                d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: server proven down after {(long)(stopped.Now - d.State.PhaseSince).TotalMilliseconds} ms (process gone, port and socket closed); cloning the data directory to {d.State.StopIssued!.ClonePath}")
                    .Enter(RunPhase.Cloning, stopped.Now)
                    .With(s => s with { Stage = RunStage.Cloning })
                    .Do(new CloneDataDirectory(d.State.StopIssued!.ClonePath!));
                break;
            case ServerStopped stopped:
                d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: server proven down after {(long)(stopped.Now - d.State.PhaseSince).TotalMilliseconds} ms (process gone, port and socket closed); archiving")
                    .Enter(RunPhase.Archiving, stopped.Now)
                    .With(s => s with { Stage = RunStage.Shipping, ArchiveStarted = true })
                    .Do(new StartArchiving());
                break;
            case StopFailed f:
                d.Fail(RunPhase.StoppingServer, f.Cause, "stopping the server failed; nothing was archived");
                NoArchive(d, "the server could not be stopped");
                StartServer(d, f.Now);
                break;
            case Cancel c:
                // The stop is not interrupted: a half-done stop is the one state we could not reason about.
                Cancelled(d, c, "the stop is finished first, then the server is started again");
                break;
        }
    }

    /// <summary>Snapshot: the clone is made with the server down; whatever its outcome, the server is started next.</summary>
    private static void Cloning(DecisionBuilder d, RunInput input)
    {
        switch (input)
        {
            case Cloned cloned when d.State.CancelReason is not null:
                NoArchive(d, "the run was cancelled");
                StartServer(d, cloned.Now);
                break;
            case Cloned cloned:
                d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: data directory cloned in {(long)cloned.Took.TotalMilliseconds} ms ({cloned.Files:N0} files, {cloned.Bytes:N0} bytes shared, not copied); starting the server, then archiving the clone")
                    .With(s => s with { Stage = RunStage.Shipping, CloneReady = true });
                StartServer(d, cloned.Now);
                break;
            case CloneFailed f:
                d.Fail(RunPhase.Cloning, f.Cause, "cloning the data directory failed; nothing was archived");
                NoArchive(d, "the data directory could not be cloned");
                StartServer(d, f.Now);
                break;
            case Cancel c:
                // Like the stop, the clone is not interrupted; it takes seconds, and is removed right after.
                Cancelled(d, c, "the clone is finished first, then removed, and the server started again");
                break;
        }
    }

    /// <summary>No archive will be made (before any was started): a clone goes, the receiver forgets the transfer.</summary>
    private static void NoArchive(DecisionBuilder d, string reason)
    {
        RemoveClone(d);
        AbortPreflightTransfer(d, reason);
        d.With(s => s with { ArchiveFailed = true, TransferDone = true, Stage = RunStage.Shipping });
    }

    private static void RemoveClone(DecisionBuilder d)
    {
        if (d.State.StopIssued?.ClonePath is { } clone && !d.State.CloneRemoved)
        {
            d.With(s => s with { CloneRemoved = true }).Do(new RemoveClone(clone, d.State.StopIssued.CloneVolume));
        }
    }

    /// <summary>Archive, transfer and server start run side by side here; the run concludes when all three are settled.</summary>
    private static void Shipping(DecisionBuilder d, RunInput input)
    {
        switch (input)
        {
            case ArchivingProgress p:
                d.With(s => s with { DataRead = p.DataRead, ArchiveBytes = p.ArchiveBytes });
                break;
            case SourceReleased released:
                SourceReleasedNow(d, released);
                break;
            case ArchiveSealed a:
                ArchiveSealedNow(d, a);
                break;
            case ArchiveFailed f:
                d.Fail(RunPhase.Archiving, f.Cause, d.State.CancelReason is null ? "compression failed; the partial archive was removed" : "compression stopped; the partial archive was removed")
                    .Do(new StopSender());
                RemoveClone(d);
                AbortPreflightTransfer(d, "compression failed on the client");
                d.With(s => s with { ArchiveFailed = true, TransferDone = true });
                StartServer(d, f.Now);
                ConcludeIfSettled(d, f.Now);
                break;
            case KeptArchiveLoaded:
                d.Do(new ResumeSending(d.State.TransferId!)).Do(new RecordResumeToken()).Do(new SendFinish()).With(s => s with { FinishSent = true });
                break;
            case AllChunksAcknowledged ack:
                d.With(s => s with { AllAcknowledged = true });
                if (d.State.Sealed is not null)
                {
                    StartServer(d, ack.Now);
                }

                SendFinishIfReady(d, ack.Now);
                break;
            case TransferStalled stalled when d.State.Sealed is not null && !d.State.ServerStartRequested:
                d.Log(LogLevel.WarningLevel, $"Run {d.RunId}: no chunk acknowledged for {stalled.For.TotalSeconds:0} s ({stalled.LastError}); starting the server now, the transfer goes on from Data.zip");
                StartServer(d, stalled.Now);
                break;
            case TransferReopened reopened:
                d.Log(LogLevel.WarningLevel, $"Run {d.RunId}: transfer {reopened.OldTransferId} is unknown to the receiver ({reopened.Reason}); sending the archive again as transfer {reopened.NewTransferId}")
                    .Persist(new TransferIdChanged(reopened.NewTransferId))
                    .Do(new RecordResumeToken());
                break;
            case TransferStored stored:
                d.With(s => s with { Stored = stored.Completed, TransferDone = true })
                    .Log(LogLevel.InfoLevel, $"Run {d.RunId}: receiver verified and stored {stored.Completed.StoredPath}");
                StartServer(d, stored.Now);
                ConcludeIfSettled(d, stored.Now);
                break;
            case TransferBroken broken:
                d.With(s => s with { TransferDone = true })
                    .Fail(d.State.Phase is RunPhase.Archiving or RunPhase.Transferring ? RunPhase.Transferring : d.State.Phase, broken.Cause,
                        $"transfer failed: {broken.Reason}; Data.zip is kept for a retry");
                if (d.State.Sealed is not null || d.State.ArchiveFailed)
                {
                    StartServer(d, broken.Now);
                }

                ConcludeIfSettled(d, broken.Now);
                break;
            case ServerStarted started:
                ServerStartedNow(d, started);
                break;
            case StartFailed failed:
                d.With(s => s with { ServerPhaseDone = true, ServerAnswering = false, ManualRecovery = failed.ManualRecovery })
                    .Fail(RunPhase.StartingServer, failed.Cause, "THE SERVER COULD NOT BE STARTED")
                    .Log(LogLevel.ErrorLevel, $"Run {d.RunId}: manual recovery needed:\n{failed.ManualRecovery}");
                SendFinishIfReady(d, failed.Now);
                if (d.State.CloneReady && !d.State.ArchiveStarted && !d.State.ArchiveFailed)
                {
                    NoArchive(d, "the server could not be started after its data directory was cloned");
                }

                ConcludeIfSettled(d, failed.Now);
                break;
            case Cancel c:
                CancelWhileShipping(d, c);
                break;
        }
    }

    /// <summary>
    /// Cold with restart-after = copy: the data directory will not be read again (what compression has not reached is
    /// in the staging disk), so the server starts now while compression and the transfer go on.
    /// </summary>
    private static void SourceReleasedNow(DecisionBuilder d, SourceReleased released)
    {
        var s = d.State;
        if (d.Context.RestartAfter != RestartAfter.Copy || d.Type != BackupType.Cold || s.Sealed is not null || s.ArchiveFailed || s.ServerStartRequested)
        {
            return;
        }

        var r = released.Released;
        d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: data directory released after {r.After.TotalSeconds:0.0} s ({r.ReadBytes:N0} bytes compressed from it, {r.CopiedBytes:N0} bytes copied to staging ahead of compression; copying stopped: {r.StoppedBecause}); starting the server while compression goes on");
        StartServer(d, released.Now);
    }

    private static void ArchiveSealedNow(DecisionBuilder d, ArchiveSealed a)
    {
        d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: Data.zip sealed: {a.Archive.Length:N0} bytes, {a.Archive.ChunkCount} chunks, SHA-256 {a.Archive.Sha256}")
            .Persist(a.Archive)
            .With(s => s with { AllAcknowledged = s.AllAcknowledged || a.AllAcknowledged })
            .Do(new RecordResumeToken());
        RemoveClone(d);

        // All chunks may be acknowledged before the seal arrives (the sender reports that, the compressor this):
        // then the server is started here, not only after the receiver's verification.
        if (!d.State.ServerStartRequested && (d.State.TransferDone || d.Context.RestartAfter is RestartAfter.Archive or RestartAfter.Copy || d.State.AllAcknowledged))
        {
            StartServer(d, a.Now);
        }
        else if (d.State.Phase == RunPhase.Archiving)
        {
            d.Enter(RunPhase.Transferring, a.Now);
        }

        SendFinishIfReady(d, a.Now);
        ConcludeIfSettled(d, a.Now);
    }

    private static void ServerStartedNow(DecisionBuilder d, ServerStarted started)
    {
        d.With(s => s with { ServerPhaseDone = true, Downtime = s.DowntimeSince is { } since ? started.Now - since : s.Downtime });
        d.Log(LogLevel.InfoLevel, $"Run {d.RunId}: server answers SELECT 1 ({(started.WasStartedByUs ? "started" : "was already running")}); downtime {d.State.Downtime?.TotalSeconds ?? 0:0.000} s")
            .Persist(new ServerAnswering(started.At));
        SendFinishIfReady(d, started.Now);
        if (d.State.CloneReady && !d.State.ArchiveStarted && !d.State.ArchiveFailed)
        {
            d.Enter(RunPhase.Archiving, started.Now)
                .With(s => s with { ArchiveStarted = true })
                .Do(new StartArchiving(d.State.StopIssued!.ClonePath));
        }
        else if (!d.State.TransferDone && d.State.Phase == RunPhase.StartingServer)
        {
            var next = d.State.Sealed is null && !d.State.ArchiveFailed ? RunPhase.Archiving
                : d.State.Sealed is not null && !d.State.FinishSent ? RunPhase.Transferring
                : RunPhase.Verifying;
            d.Enter(next, started.Now);
        }

        ConcludeIfSettled(d, started.Now);
    }

    private static void CancelWhileShipping(DecisionBuilder d, Cancel c)
    {
        var s = d.State;

        // The receiver holds the whole archive (verifying or already stored it); the server start is under way either way.
        // Dropping the transfer now would throw away a complete backup and save nothing, so the run finishes as it would have.
        if (s.Stored is not null || AwaitsServerForFinish(s) || (s.FinishSent && !s.TransferDone && (c.ReceiverHoldsAll || s.AllAcknowledged)))
        {
            d.Log(LogLevel.WarningLevel, $"Run {d.RunId}: cancel ({c.Reason}) arrived in {s.Phase}, after the receiver had all of Data.zip; the run finishes with the receiver's verdict")
                .Do(new Reply(new CancelDeclined(d.RunId, s.Stored is not null
                    ? $"it came too late: the receiver already stored its archive ({s.Stored.StoredName}); the run finishes once its server answers"
                    : "it came too late: the receiver already holds all of its archive and is verifying it; the run finishes with the receiver's verdict")));
            return;
        }

        d.Do(new StopSender()).With(x => x with { TransferDone = true });
        if (s.CloneReady && !s.ArchiveStarted && !s.ArchiveFailed)
        {
            Cancelled(d, c, "the clone is removed; the server is being started");
            NoArchive(d, "the run was cancelled");
            ConcludeIfSettled(d, c.Now);
            return;
        }

        if (s.Sealed is null && !s.ArchiveFailed && c.Compressing)
        {
            Cancelled(d, c, "compression is stopped and the partial archive removed, then the server is started again");
            d.Do(new CancelCompression());
            return;
        }

        Cancelled(d, c, s.Sealed is not null ? "Data.zip is kept; the server is started again" : "the server is started again");
        StartServer(d, c.Now);
        ConcludeIfSettled(d, c.Now);
    }

    private static TimeSpan Max0(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    /// <summary>Starts the server once per run (or proves it already answers); never before the stop was issued.</summary>
    private static void StartServer(DecisionBuilder d, TimeSpan now)
    {
        if (d.State.ServerStartRequested)
        {
            return;
        }

        var ensureOnly = d.State.Failure is not null || d.State.CancelReason is not null;
        d.With(s => s with { ServerStartRequested = true }).Enter(RunPhase.StartingServer, now).Do(new StartServer(ensureOnly));
    }

    private static void SendFinishIfReady(DecisionBuilder d, TimeSpan now)
    {
        var s = d.State;
        if (s.FinishSent || s.Sealed is null || s.TransferDone || !s.AllAcknowledged)
        {
            return;
        }

        // The completion carries the run's downtime to the receiver's catalog: while the server start is under way it
        // waits for it. The receiver holds every byte already; the run is longer by the start, the downtime is not.
        if (AwaitsServerForFinish(s))
        {
            return;
        }

        d.With(x => x with { FinishSent = true }).Do(new SendFinish());

        // The server already runs (restart-after = copy or archive): the receiver's verification is what is left.
        if (d.State.Phase == RunPhase.Transferring)
        {
            d.Enter(RunPhase.Verifying, now);
        }
    }

    /// <summary>Every chunk is acknowledged and the archive sealed; only the server start is awaited before the completion goes.</summary>
    private static bool AwaitsServerForFinish(RunState s) =>
        !s.FinishSent && s.Sealed is not null && s.AllAcknowledged && !s.TransferDone && s.ServerStartRequested && !s.ServerPhaseDone;

    private static void AbortPreflightTransfer(DecisionBuilder d, string reason)
    {
        if (d.State.Preflight is { } p)
        {
            d.Do(new AbortTransfer(p.TransferId, reason));
        }
    }

    private static void ConcludeIfSettled(DecisionBuilder d, TimeSpan now)
    {
        var s = d.State;
        if (s.ServerPhaseDone && s.TransferDone && (s.Sealed is not null || s.ArchiveFailed))
        {
            Conclude(d, now);
        }
    }

    private static void Conclude(DecisionBuilder d, TimeSpan now)
    {
        if (d.State.Succeeded)
        {
            d.Enter(RunPhase.Cleaning, now).Enter(RunPhase.Done, now);
        }
        else
        {
            d.Enter(RunPhase.Failed, now);
        }

        d.With(s => s with { Stage = RunStage.Concluded }).Do(new Conclude());
    }

    /// <summary>Records an accepted cancel (the first one counts) and tells whoever asked that it was accepted.</summary>
    private static void Cancelled(DecisionBuilder d, Cancel cancel, string consequence)
    {
        d.Do(new Reply(new CancelAccepted(d.RunId, WasQueued: false)));
        if (d.State.CancelReason is not null)
        {
            return;
        }

        d.With(s => s with { CancelReason = cancel.Reason })
            .Fail(d.State.Phase, null, $"cancelled in {d.State.Phase} ({cancel.Reason}): {consequence}");
    }
}
