using System.Globalization;

namespace AkkaBackup.Core.Alerts;

/// <summary>
/// The alerts AkkaBackup raises, worded once so that every node says the same thing the same way.
/// Severities follow the rule that Critical means "a person must act".
/// </summary>
public static class BackupAlerts
{
    /// <summary><paramref name="recoverySteps"/>: exactly what to run, where the kept Data.zip is and how to restore it.</summary>
    public static Alert ServerNotRestarted(string node, string instance, string recoverySteps, DateTimeOffset time) => new(
        AlertSeverity.Critical, AlertKind.ServerNotRestarted, node, instance,
        $"Database server '{instance}' on {node} is DOWN: it could not be restarted after a backup",
        recoverySteps, time);

    public static Alert BackupFailed(string node, string instance, string runId, string reason, DateTimeOffset time) => new(
        AlertSeverity.Critical, AlertKind.BackupFailed, node, instance,
        $"Backup of '{instance}' on {node} failed",
        $"Run {runId} failed: {reason}", time);

    /// <summary>Keyed by run: every success is news, none is a repeat of another.</summary>
    public static Alert BackupSucceeded(string node, string instance, string runId, string storedAs, DateTimeOffset time) => KeyedBy(
        $"{instance}|{runId}",
        new(AlertSeverity.Info, AlertKind.BackupSucceeded, node, instance,
            $"Backup of '{instance}' on {node} stored",
            $"Run {runId} stored {storedAs}", time));

    public static Alert RetentionCouldNotKeepNewest(string node, string instance, string rule, string newestBackup, DateTimeOffset time) => new(
        AlertSeverity.Critical, AlertKind.RetentionCouldNotKeepNewest, node, instance,
        $"Retention rule '{rule}' cannot be met for '{instance}' without deleting its newest backup",
        $"The rule '{rule}' would delete {newestBackup}, the newest verified backup of '{instance}'. It was kept.\n" +
        "Raise the limit of the rule or free space in the store; until then the rule is not met.", time);

    /// <summary>Keyed by volume: two instances on one full volume are one problem.</summary>
    public static Alert StoreNearlyFull(string node, string volume, long freeBytes, long totalBytes, DateTimeOffset time) => KeyedBy(
        volume,
        new(AlertSeverity.Critical, AlertKind.StoreNearlyFull, node, null,
            $"Backup store {volume} on {node} is nearly full: {GiB(freeBytes)} free of {GiB(totalBytes)}",
            $"Only {GiB(freeBytes)} of {GiB(totalBytes)} are free on {volume}. Backups that do not fit are refused before the server is stopped.\n" +
            "Free space, add space, or tighten retention.", time));

    /// <summary>Keyed by volume, like <see cref="StoreNearlyFull"/>.</summary>
    public static Alert StoreFull(string node, string instance, string volume, string transferId, DateTimeOffset time) => KeyedBy(
        volume,
        new(AlertSeverity.Critical, AlertKind.StoreFull, node, instance,
            $"Volume {volume} on {node} is full: the transfer of '{instance}' stopped",
            $"Transfer {transferId} stopped because {volume} has no space left. The partial file is kept for resume; the client keeps its Data.zip.\n" +
            "Free space on the volume; the transfer resumes where it stopped.", time));

    public static Alert TransferStalled(string node, string instance, string transferId, TimeSpan stalledFor, DateTimeOffset time) => new(
        AlertSeverity.Warning, AlertKind.TransferStalled, node, instance,
        $"Transfer of '{instance}' from {node} has moved no bytes for {stalledFor.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min",
        $"Transfer {transferId} has made no progress. Check the network between the nodes and the receiver's disk.", time);

    /// <summary>Keyed by archive: each damaged backup is its own problem. Critical: the backup is not restorable as it is.</summary>
    public static Alert DrillFailed(string node, string subject, string archive, string stage, string reason, DateTimeOffset time) => KeyedBy(
        archive,
        new(AlertSeverity.Critical, AlertKind.DrillFailed, node, subject,
            $"Restore drill of '{subject}' on {node} FAILED: the backup did not prove restorable",
            $"The drill of {archive} failed at {stage}: {reason}\n" +
            "Do not count on this backup: run a new backup of the instance, then `akkabackup drill` on it. The drill report is beside the archive (.drill.json).", time));

    /// <summary>Pre-flight refused (scratch space, server binaries): the backup is unproven, not damaged.</summary>
    public static Alert DrillNotRun(string node, string subject, string archive, string reason, DateTimeOffset time) => KeyedBy(
        archive,
        new(AlertSeverity.Warning, AlertKind.DrillFailed, node, subject,
            $"Restore drill of '{subject}' on {node} could not run",
            $"The drill of {archive} was refused before anything was restored: {reason}", time));

    /// <summary><paramref name="details"/>: why, and exactly what to run by hand.</summary>
    public static Alert CloneNotRemoved(string node, string instance, string runId, string clonePath, string details, DateTimeOffset time) => new(
        AlertSeverity.Critical, AlertKind.CloneNotRemoved, node, instance,
        $"Snapshot clone of '{instance}' on {node} was not removed: {clonePath}",
        $"Run {runId} could not remove its clone {clonePath}: {details}", time);

    /// <summary>Keyed by instance: one alert per episode; the recovery closes it.</summary>
    public static Alert InstanceOverdue(string node, string instance, TimeSpan expected, DateTimeOffset? lastSuccess, DateTimeOffset time) => new(
        AlertSeverity.Warning, AlertKind.InstanceOverdue, node, instance,
        $"Backup of '{instance}' on {node} is overdue: no successful backup for {Span(expected)}",
        (lastSuccess is { } last ? $"The last successful backup of '{instance}' ended {last:u}. " : $"'{instance}' has no successful backup in the run log. ") +
        $"Its expected interval is {Span(expected)}.\n" +
        "Look at `abk <node> log list --instance " + instance + "` for failed, refused or skipped runs, `node status` for paused schedules, and `backup pending` for a parked transfer.",
        time);

    public static Alert InstanceOverdueRecovered(string node, string instance, DateTimeOffset lastSuccess, DateTimeOffset time) => new(
        AlertSeverity.Info, AlertKind.InstanceOverdueRecovered, node, instance,
        $"Backup of '{instance}' on {node} is no longer overdue",
        $"A backup of '{instance}' succeeded at {lastSuccess:u}.", time);

    /// <summary>Keyed by run: every run that did not happen is its own news.</summary>
    public static Alert RunSkipped(string node, string instance, string runId, string reason, DateTimeOffset time) => KeyedBy(
        $"{instance}|{runId}",
        new(AlertSeverity.Warning, AlertKind.RunSkipped, node, instance,
            $"A backup of '{instance}' on {node} did not run",
            $"Run {runId} was not started: {reason}", time));

    public static Alert PendingTransferGivenUp(string node, string instance, string runId, string archivePath, TimeSpan maxAge, string lastError, DateTimeOffset time) => new(
        AlertSeverity.Critical, AlertKind.PendingTransferGivenUp, node, instance,
        $"Pending transfer of '{instance}' on {node} is no longer retried: it could not be sent for {Span(maxAge)}",
        $"Run {runId} kept a complete archive at {archivePath}; it has waited longer than pending.max-age ({Span(maxAge)}). Last error: {lastError}\n" +
        $"Make the receiver reachable, then `akkabackup pending retry {runId}` (console: `backup retry {runId}`) sends it; " +
        $"or `akkabackup pending discard {runId}` deletes it. Scheduled runs of '{instance}' are refused until then.",
        time);

    public static Alert SchedulesPaused(string node, int schedules, DateTimeOffset time) => new(
        AlertSeverity.Warning, AlertKind.SchedulesPaused, node, null,
        $"Schedules on {node} are PAUSED: {schedules} schedule(s) will not fire",
        $"The node started with auto-start = false, so none of its {schedules} schedule(s) fires until someone runs `abk <node> node resume`.\n" +
        "A node run as a service should set auto-start = true (akkabackup.client.auto-start in its HOCON file, or `abk <node> config setting set auto-start true`).",
        time);

    /// <summary>Sent on request through one channel, at <paramref name="severity"/> so that the channel takes it.</summary>
    public static Alert ChannelTest(string node, string channel, AlertSeverity severity, DateTimeOffset time) => new(
        severity, AlertKind.Test, node, null,
        $"Test alert from {node} through channel '{channel}'",
        $"Sent by `abk config alert test {channel}`. Nothing is wrong: this channel delivers.", time);

    private static Alert KeyedBy(string scope, Alert alert) => alert with { DeduplicationKey = $"{alert.Kind}|{alert.Node}|{scope}" };

    private static string Span(TimeSpan span) =>
        span.TotalDays >= 1 ? span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d"
        : span.TotalHours >= 1 ? span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h"
        : span.TotalMinutes >= 1 ? span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static string GiB(long bytes) => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
