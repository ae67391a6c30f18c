using System.Globalization;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Receiver.Catalog;

/// <summary>
/// The downtime and next scheduled run a client reported with its completion, as the receiver files them. The peer
/// may lie: a downtime below zero or longer than the transfer has existed (plus <see cref="ClockMargin"/>), or a next
/// run in the past or more than <see cref="NextRunHorizon"/> ahead, is filed as unknown and named in <see cref="Problems"/>.
/// </summary>
public sealed record ReportedRunTimes(TimeSpan? Downtime, DateTimeOffset? NextRun, IReadOnlyList<string> Problems)
{
    /// <summary>How far the client's clock and the receiver's may disagree.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(10);

    /// <summary>A schedule fires at least once a year; a later "next run" is not a schedule's.</summary>
    public static readonly TimeSpan NextRunHorizon = TimeSpan.FromDays(400);

    /// <param name="opened">When the transfer was opened (before the client stopped its server).</param>
    /// <param name="at">Now, the filing's time.</param>
    public static ReportedRunTimes Check(CompleteTransfer complete, DateTimeOffset opened, DateTimeOffset at)
    {
        var problems = new List<string>();
        var downtime = complete.Downtime;
        var longest = at - opened + ClockMargin;
        if (downtime is { } d && (d < TimeSpan.Zero || d > longest))
        {
            problems.Add($"the reported downtime of {Ms(d)} ms is {(d < TimeSpan.Zero ? "negative" : $"longer than the transfer has existed ({Ms(at - opened)} ms, plus {ClockMargin.TotalMinutes:0} min for clocks)")}");
            downtime = null;
        }

        var next = complete.NextRun;
        if (next is { } n && (n < at - ClockMargin || n > at + NextRunHorizon))
        {
            problems.Add($"the reported next run {n:u} is {(n < at ? "in the past" : $"more than {NextRunHorizon.TotalDays:0} days ahead")}");
            next = null;
        }

        return new ReportedRunTimes(downtime, next, problems);
    }

    private static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
