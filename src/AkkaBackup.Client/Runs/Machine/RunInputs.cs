using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Runs.Machine;

/// <summary>
/// What can happen to a run: its journal was read, a step it started has an outcome, a child reports, an
/// operator cancels. Each carries <c>Now</c>, the run's own clock, so deciding needs no clock.
/// </summary>
public abstract record RunInput(TimeSpan Now);

public static class RunInputs
{
    /// <summary>The journal is read. <paramref name="Resuming"/>: the node restarted an open run, or an operator retries a pending one.</summary>
    public sealed record Recovered(TimeSpan Now, bool Resuming, DateTimeOffset At) : RunInput(Now);

    public sealed record Waiting(TimeSpan Now, WaitForAdmission Wait) : RunInput(Now);

    public sealed record Preflighted(TimeSpan Now, PreflightSummary Summary, int ChunkSize, DateTimeOffset At) : RunInput(Now);

    public sealed record PreflightFailed(TimeSpan Now, Exception Cause) : RunInput(Now);

    public sealed record ServerStopped(TimeSpan Now) : RunInput(Now);

    public sealed record StopFailed(TimeSpan Now, Exception Cause) : RunInput(Now);

    /// <summary>Snapshot: the data directory is cloned.</summary>
    public sealed record Cloned(TimeSpan Now, long Files, long Bytes, TimeSpan Took) : RunInput(Now);

    public sealed record CloneFailed(TimeSpan Now, Exception Cause) : RunInput(Now);

    public sealed record ArchivingProgress(TimeSpan Now, long DataRead, long ArchiveBytes) : RunInput(Now);

    /// <summary>Cold: the data directory is read or copied to staging and will not be read again.</summary>
    public sealed record SourceReleased(TimeSpan Now, AkkaBackup.Core.Archive.SourceReleased Released) : RunInput(Now);

    /// <param name="AllAcknowledged">The chunk sender's ledger already holds every chunk acknowledged.</param>
    public sealed record ArchiveSealed(TimeSpan Now, ArchiveWasSealed Archive, bool AllAcknowledged) : RunInput(Now);

    public sealed record ArchiveFailed(TimeSpan Now, Exception Cause) : RunInput(Now);

    /// <summary>The kept archive of an interrupted run is read back; its chunks can be sent.</summary>
    public sealed record KeptArchiveLoaded(TimeSpan Now) : RunInput(Now);

    public sealed record AllChunksAcknowledged(TimeSpan Now) : RunInput(Now);

    public sealed record TransferStalled(TimeSpan Now, TimeSpan For, string LastError) : RunInput(Now);

    public sealed record TransferReopened(TimeSpan Now, string OldTransferId, string NewTransferId, string Reason) : RunInput(Now);

    public sealed record TransferStored(TimeSpan Now, TransferCompleted Completed) : RunInput(Now);

    public sealed record TransferBroken(TimeSpan Now, string Reason, Exception Cause) : RunInput(Now);

    public sealed record ServerStarted(TimeSpan Now, bool WasStartedByUs, DateTimeOffset At) : RunInput(Now);

    /// <param name="ManualRecovery">What a person must do, as the lifecycle words it for this instance.</param>
    public sealed record StartFailed(TimeSpan Now, Exception Cause, string ManualRecovery) : RunInput(Now);

    /// <param name="ReceiverHoldsAll">The sender's ledger holds every chunk acknowledged.</param>
    /// <param name="Compressing">A compressor is still at work.</param>
    public sealed record Cancel(TimeSpan Now, string Reason, bool ReceiverHoldsAll, bool Compressing) : RunInput(Now);
}
