using System.Globalization;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Overdue;

/// <summary>
/// The dead man's switch's alerts, sent by the receiver (so they arrive when the client node is gone). Each is keyed by
/// its episode (the last filing before it), so a new episode is never held back as a repeat of the previous one.
/// </summary>
public static class OverdueAlerts
{
    public static Alert Overdue(string node, InstanceWatch watch, DateTimeOffset now)
    {
        var key = watch.Key;
        var last = AlertText.Timestamp(watch.Instance.LastFiled);
        return Keyed(key, watch.Instance.LastFiled, new Alert(
            AlertSeverity.Warning, AlertKind.BackupOverdue, node, key.ToString(),
            $"No backup of '{key}' reached {node} for {Span(watch.Age)}: it is overdue",
            $"The last backup of '{key}' was stored at {last}; one was expected within {Span(watch.Expected.After ?? TimeSpan.Zero)} " +
            $"({Describe(watch.Expected.Source)}).\n" +
            $"Check the client node {key.Client}: is it running, does it reach this receiver, is its schedule there? " +
            $"A retired instance is silenced with: abk <receiver> catalog forget {key.Client} {key.Instance}",
            now));
    }

    public static Alert Recovered(string node, InstanceWatch watch, DateTimeOffset now)
    {
        var key = watch.Key;
        return Keyed(key, watch.Instance.OverdueFor ?? watch.Instance.LastFiled, new Alert(
            AlertSeverity.Info, AlertKind.BackupRecovered, node, key.ToString(),
            $"Backups of '{key}' reach {node} again",
            $"A backup of '{key}' was stored at {AlertText.Timestamp(watch.Instance.LastFiled)}, ending the overdue alert raised at " +
            $"{(watch.Instance.OverdueSince is { } since ? AlertText.Timestamp(since) : "-")}.",
            now));
    }

    public static string Describe(IntervalSource source) => source switch
    {
        IntervalSource.Learned => "learned from the gaps between its last backups",
        IntervalSource.UntilLearned => "overdue.until-learned: too few backups to learn from",
        IntervalSource.Default => "overdue.default-after",
        IntervalSource.Instance => "its own overdue.instances entry",
        _ => "not watched",
    };

    /// <summary><c>1.5 h</c>, <c>2.0 d</c>, <c>45 s</c>.</summary>
    public static string Span(TimeSpan span) => span.TotalDays >= 2
        ? span.TotalDays.ToString("0.0", CultureInfo.InvariantCulture) + " d"
        : span.TotalHours >= 2 ? span.TotalHours.ToString("0.0", CultureInfo.InvariantCulture) + " h"
        : span.TotalMinutes >= 2 ? span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min"
        : span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    private static Alert Keyed(InstanceKey key, DateTimeOffset episode, Alert alert) =>
        alert with { DeduplicationKey = $"{alert.Kind}|{alert.Node}|{key}|{episode.ToUnixTimeMilliseconds()}" };
}
