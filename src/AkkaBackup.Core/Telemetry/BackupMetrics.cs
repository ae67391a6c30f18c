using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AkkaBackup.Core.Telemetry;

/// <summary>
/// The node's metrics, on one <see cref="Meter"/> named <see cref="MeterName"/>: exported over OTLP when
/// <c>akkabackup.metrics.otlp-endpoint</c> is set, readable by any <see cref="MeterListener"/> (dotnet-counters) otherwise.
/// </summary>
public static class BackupMetrics
{
    public const string MeterName = "AkkaBackup";

    private static readonly Meter Meter = new(MeterName, typeof(BackupMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("akkabackup.runs", "{run}", "Backup runs that ended, by instance and outcome");

    private static readonly Histogram<double> Downtime = Meter.CreateHistogram<double>("akkabackup.run.downtime", "s", "Time each run kept its database server down");

    private static readonly Counter<long> ArchiveBytes = Meter.CreateCounter<long>("akkabackup.archive.bytes", "By", "Bytes of archives stored by the receiver, counted by the client");

    private static readonly Counter<long> ChunksResent = Meter.CreateCounter<long>("akkabackup.chunks.resent", "{chunk}", "Chunks sent again after a failed or unacknowledged attempt");

    private static readonly Counter<long> AdmissionWaits = Meter.CreateCounter<long>("akkabackup.admission.waits", "{request}", "Transfer requests told to wait for a slot on the receiver");

    private static readonly Counter<long> Stored = Meter.CreateCounter<long>("akkabackup.transfers.stored", "{transfer}", "Transfers the receiver verified and filed, by client");

    /// <param name="outcome">succeeded, failed or cancelled.</param>
    public static void RunEnded(string instance, string outcome, TimeSpan? downtime, long archiveBytes, int chunksResent)
    {
        var tags = new TagList { { "instance", instance }, { "outcome", outcome } };
        Runs.Add(1, tags);
        if (downtime is { } d)
        {
            Downtime.Record(d.TotalSeconds, new KeyValuePair<string, object?>("instance", instance));
        }

        if (outcome == "succeeded")
        {
            ArchiveBytes.Add(archiveBytes, new KeyValuePair<string, object?>("instance", instance));
        }

        if (chunksResent > 0)
        {
            ChunksResent.Add(chunksResent, new KeyValuePair<string, object?>("instance", instance));
        }
    }

    public static void AdmissionWait(string client) => AdmissionWaits.Add(1, new KeyValuePair<string, object?>("client", client));

    public static void TransferStored(string client) => Stored.Add(1, new KeyValuePair<string, object?>("client", client));
}
