using System.Text.Json.Serialization;
using AkkaBackup.Client.Overdue;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Retention;
using AkkaBackup.Core.Scheduling;
using AkkaBackup.Node.Operator;
using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Validation;
using static AkkaBackup.Client.Runs.RunProtocol;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Node.Output;

// The shapes of the --json outputs that are not a record of the store or of a protocol as it is; see OutputJsonContext.

/// <summary>
/// A run's report (<c>akkabackup backup|pending retry --json</c>, <c>abk … backup run|watch|retry --watch --json</c>).
/// Phases are named as the run log and the manifest name them (<c>StoppingServer</c>), the keys of
/// <paramref name="PhaseMilliseconds"/> included.
/// </summary>
public sealed record RunReportJson(
    string RunId,
    string Instance,
    string Type,
    bool Succeeded,
    int ExitCode,
    bool Cancelled,
    string? FailedPhase,
    string? Error,
    string? StoredName,
    string? StoredPath,
    string? Sha256,
    long ArchiveBytes,
    long DataBytes,
    double? DowntimeSeconds,
    double DurationSeconds,
    IReadOnlyDictionary<string, long> PhaseMilliseconds,
    bool ServerAnswering,
    string? ManualRecovery,
    string? KeptArchive,
    int ChunksResent,
    long PeakWorkingSetBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArchiveEstimateJson? ArchiveEstimate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FromLsn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToLsn = null);

/// <summary>Pre-flight's estimate of the archive: the data at the sampled deflate ratio plus the margin (what the space checks used).</summary>
public sealed record ArchiveEstimateJson(long Bytes, long DataBytes, long HoleBytes, long SampledBytes, double SampledRatio, int MarginPercent);

/// <summary>
/// One progress line of a followed run (<c>backup watch --json</c>); the phase named as in <see cref="RunReportJson"/>.
/// <paramref name="Fraction"/> is bytes acknowledged over <paramref name="ArchiveBytesExpected"/> (the sealed size, or the
/// extrapolation while archiving); rates are over the last 10 s; <paramref name="EtaSeconds"/> is null while unknown.
/// </summary>
public sealed record RunProgressJson(
    string RunId, string Phase, long DataBytesRead, long DataBytesTotal, long ArchiveBytes, long BytesAcknowledged, double ElapsedSeconds,
    long ArchiveBytesExpected, bool ArchiveSealed, double Fraction, double ReadBytesPerSecond, double SentBytesPerSecond, double? EtaSeconds)
{
    public static RunProgressJson Of(AkkaBackup.Client.Runs.RunProtocol.RunProgress p) => new(
        p.RunId, p.Phase.ToString(), p.DataBytesRead, p.DataBytesTotal, p.ArchiveBytes, p.BytesAcknowledged, Math.Round(p.Elapsed.TotalSeconds, 3),
        p.Numbers.ArchiveBytesExpected, p.ArchiveSealed, Math.Round(p.Numbers.Fraction, 4), Math.Round(p.Numbers.ReadBytesPerSecond), Math.Round(p.Numbers.SentBytesPerSecond),
        p.Numbers.Eta is { } eta ? Math.Round(eta.TotalSeconds, 1) : null);
}

/// <summary>A run started, queued (with its <paramref name="Position"/>) or retried (no <paramref name="Instance"/>).</summary>
public sealed record RunStateJson(
    string RunId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Instance,
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position);

/// <summary><c>backup watch</c> of a run that is over already.</summary>
public sealed record RunEndedJson(string RunId, RunStatus Status, DateTimeOffset? EndedAt);

public sealed record ClientStatusJson(
    string Role,
    string Node,
    string Version,
    DateTimeOffset StartedAt,
    long UptimeSeconds,
    IReadOnlyList<RunEntry> Running,
    IReadOnlyList<RunEntry> Queued,
    int Concurrency,
    string StagingDirectory,
    long FreeDiskBytes,
    int Schedules,
    bool? SchedulesPaused,
    bool AutoStart,
    string Store,
    int StoreSchemaVersion,
    IReadOnlyList<InstanceOverdue> Overdue);

public sealed record ReceiverStatusJson(
    string Role,
    string Node,
    string Version,
    DateTimeOffset StartedAt,
    long UptimeSeconds,
    string StoreDirectory,
    long FreeDiskBytes,
    int StoredBackups,
    long StoredBytes,
    int PartialTransfers,
    IReadOnlyList<ActiveTransfer> ActiveTransfers,
    IReadOnlyList<WaitingClient> WaitingClients,
    IReadOnlyList<string> AllowedClients,
    IReadOnlyList<ConnectedPeers.Peer> Connected,
    FleetStatusJson Fleet);

/// <summary><c>report summary --json</c>: runs started from <paramref name="Since"/> up to (not at) <paramref name="Until"/>.</summary>
/// <param name="Overdue">Every watched instance (an overdue-after or schedules) and whether it is overdue now.</param>
public sealed record RunSummaryJson(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<InstanceRunSummary> Instances, IReadOnlyList<InstanceOverdue> Overdue);

/// <summary>A configuration change made (or a thing removed).</summary>
public sealed record ConfigDoneJson(bool Ok, string Message);

/// <summary>A <c>config … test</c>: every failed check.</summary>
public sealed record ConfigTestJson(bool Ok, IReadOnlyList<ValidationFailure> Failures);

/// <summary>A schedule, when it last fired and fires next (<c>config schedule list</c>).</summary>
public sealed record ScheduleJson(
    string Name, string Instance, string Cron, string TimeZone, MisfirePolicy Misfire, bool Enabled, DateTimeOffset? LastFired, DateTimeOffset? NextFiring);

/// <summary><c>config schedule test</c>: the next firings.</summary>
public sealed record ScheduleFiringsJson(string Name, IReadOnlyList<DateTimeOffset> Firings);

/// <summary>An alert channel without its settings (they may hold secrets).</summary>
public sealed record AlertChannelJson(string Name, string Type, AlertSeverity MinSeverity);

/// <summary><c>config alert test</c>: delivered (<paramref name="Via"/>) or not (<paramref name="Error"/>).</summary>
public sealed record AlertTestJson(bool Ok, string Channel, string? Via, string? Error);

/// <summary>A partial transfer's <c>.part</c> file on a receiver.</summary>
public sealed record PartialTransferJson(string TransferId, long Bytes, DateTimeOffset LastWrite);

/// <summary>A retention pass (<c>akkabackup retention --json</c>, <c>abk … retention plan --json</c>).</summary>
public sealed record RetentionJson(
    bool DryRun,
    IReadOnlyList<RetentionDeletionJson> Deletions,
    IReadOnlyList<RetentionKeptJson> Kept,
    IReadOnlyList<RetentionWarningJson> Warnings,
    IReadOnlyList<RetentionProblemJson> Problems);

/// <param name="Error">Why the deletion failed; null when it did not (or in a dry run).</param>
public sealed record RetentionDeletionJson(string Path, string Instance, long SizeBytes, DateTimeOffset StoredAt, RetentionRule Rule, string Reason, string? Error);

public sealed record RetentionKeptJson(string Path, string Instance, IReadOnlyList<RetentionRule> Rules, string Reason);

/// <param name="Instance">Null for the store-wide limit.</param>
public sealed record RetentionWarningJson(string? Instance, RetentionRule Rule, string Message);

public sealed record RetentionProblemJson(string Path, string Problem);
