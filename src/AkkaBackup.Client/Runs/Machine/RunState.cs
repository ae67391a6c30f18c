using System.Collections.Immutable;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Runs.Machine;

/// <summary>Which inputs a run acts on now; <see cref="RunState.Phase"/> is what it reports.</summary>
public enum RunStage
{
    /// <summary>Reading its journal.</summary>
    Recovering,

    /// <summary>Pre-flight under way; the server is untouched.</summary>
    Preflighting,

    /// <summary>The stop is issued (and journalled); waiting for the proof that the server is down.</summary>
    Stopping,

    /// <summary>Snapshot: the proven-down data directory is being cloned; the server starts when it is done.</summary>
    Cloning,

    /// <summary>Archive, transfer and server start side by side; the run concludes when all three are settled.</summary>
    Shipping,

    /// <summary>The outcome is decided; everything else is declined.</summary>
    Concluded,
}

/// <summary>What pre-flight found, as far as the run's decisions need it.</summary>
/// <param name="ClonePath">Snapshot: where the clone of the data directory goes (pre-flight checked that it can be made).</param>
/// <param name="CloneVolume">Snapshot by LVM or ZFS: the snapshot that is the clone.</param>
public sealed record PreflightSummary(string TransferId, string ArchivePath, string ServerVersion, long DataBytes, long FileCount, string? ClonePath = null, string? CloneVolume = null);

/// <summary>The first failure of a run (later ones are appended to its message).</summary>
public sealed record RunFailure(RunPhase Phase, string Message, string? Detail);

/// <summary>
/// Everything one backup run knows, immutable. The journalled facts are rebuilt by <see cref="Apply"/> from the
/// run's events; the rest is what this incarnation of the run has seen since. Times are offsets on the run's own
/// clock (<c>now</c> in every input), so the state holds no clock of its own.
/// </summary>
public sealed record RunState
{
    public required string RunId { get; init; }

    public RunStage Stage { get; init; } = RunStage.Recovering;

    public RunPhase Phase { get; init; } = RunPhase.Preflight;

    public TimeSpan PhaseSince { get; init; }

    public ImmutableList<PhaseTiming> Timings { get; init; } = [];

    // Journalled.
    public RunBegan? Began { get; init; }

    public StopIssued? StopIssued { get; init; }

    public ArchiveWasSealed? Sealed { get; init; }

    public string? TransferId { get; init; }

    public bool ServerAnsweredAfterStop { get; init; }

    public DateTimeOffset? ServerAnsweredAt { get; init; }

    public RunEnded? Ended { get; init; }

    // Seen by this incarnation.
    public PreflightSummary? Preflight { get; init; }

    public WaitForAdmission? AdmissionWait { get; init; }

    /// <summary>No archive will be sealed: compression failed or was stopped, or it never started.</summary>
    public bool ArchiveFailed { get; init; }

    public bool ServerStartRequested { get; init; }

    /// <summary>The server start (or the proof that it runs) has an outcome.</summary>
    public bool ServerPhaseDone { get; init; }

    public bool ServerAnswering { get; init; } = true;

    public bool TransferDone { get; init; }

    public bool FinishSent { get; init; }

    /// <summary>The receiver acknowledged every chunk of the sealed archive.</summary>
    public bool AllAcknowledged { get; init; }

    public TransferCompleted? Stored { get; init; }

    public TimeSpan? DowntimeSince { get; init; }

    public TimeSpan? Downtime { get; init; }

    public RunFailure? Failure { get; init; }

    public string? ManualRecovery { get; init; }

    public string? CancelReason { get; init; }

    public long DataRead { get; init; }

    public long ArchiveBytes { get; init; }

    /// <summary>Snapshot: the clone is made (and the server is being started); the archive is written from it once the server answers.</summary>
    public bool CloneReady { get; init; }

    /// <summary>A compressor (or hot stream) was started.</summary>
    public bool ArchiveStarted { get; init; }

    public bool CloneRemoved { get; init; }

    /// <summary>The journalled type; null before the run committed to one.</summary>
    public BackupType? Type => StopIssued?.Type;

    /// <summary>The archive this run writes or kept: from pre-flight, or from the journalled stop.</summary>
    public string? ArchivePath => Preflight?.ArchivePath ?? StopIssued?.ArchivePath;

    public bool Succeeded => Failure is null;

    /// <summary>succeeded, cancelled or failed: how the run log, metrics and a late cancel name the end.</summary>
    public string Outcome => Succeeded ? "succeeded" : CancelReason is not null ? "cancelled" : "failed";

    /// <summary>Rebuilds the journalled facts; the only way an event changes the state.</summary>
    public RunState Apply(IRunEvent e) => e switch
    {
        RunBegan began => this with { Began = began },
        StopIssued stop => this with { StopIssued = stop, TransferId = stop.TransferId },
        ArchiveWasSealed sealedArchive => this with { Sealed = sealedArchive, ArchiveBytes = sealedArchive.Length, DataRead = sealedArchive.DataBytes },
        TransferIdChanged changed => this with { TransferId = changed.TransferId },
        RunEvents.ServerAnswering answering => this with { ServerAnsweredAfterStop = true, ServerAnsweredAt = answering.At },
        RunEnded ended => this with { Ended = ended },
        _ => this,
    };

    /// <summary>Closes the current phase's timing and enters the next.</summary>
    public RunState Enter(RunPhase next, TimeSpan now) => this with
    {
        Timings = Timings.Add(new PhaseTiming(Phase.ToString(), (long)(now - PhaseSince).TotalMilliseconds)),
        Phase = next,
        PhaseSince = now,
    };

    /// <summary>Records a failure: the first one is the run's error, later ones are appended.</summary>
    public RunState Fail(RunPhase phase, string message, string? detail) => Failure is null
        ? this with { Failure = new RunFailure(phase, message, detail) }
        : this with { Failure = Failure with { Message = $"{Failure.Message}; then {message}" } };
}
