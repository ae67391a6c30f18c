using System.Diagnostics.Metrics;
using AkkaBackup.Core.Telemetry;

namespace AkkaBackup.Core.Tests.Telemetry;

public sealed class BackupMetricsTests
{
    [Fact]
    public void A_run_that_ends_counts_its_outcome_downtime_bytes_and_resends()
    {
        var seen = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BackupMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            lock (seen)
            {
                seen.Add((instrument.Name, Convert.ToDouble(value), tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        }

        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();

        BackupMetrics.RunEnded("metrics-test", "succeeded", TimeSpan.FromSeconds(2.5), 12_345, 3);
        BackupMetrics.RunEnded("metrics-test", "failed", null, 99, 0);

        var mine = seen.Where(s => s.Tags.TryGetValue("instance", out var i) && (string?)i == "metrics-test").ToList();
        Assert.Equal(2, mine.Count(s => s.Name == "akkabackup.runs"));
        Assert.Contains(mine, s => s.Name == "akkabackup.runs" && (string?)s.Tags["outcome"] == "failed");
        Assert.Equal(2.5, Assert.Single(mine, s => s.Name == "akkabackup.run.downtime").Value);
        Assert.Equal(12_345, Assert.Single(mine, s => s.Name == "akkabackup.archive.bytes").Value);
        Assert.Equal(3, Assert.Single(mine, s => s.Name == "akkabackup.chunks.resent").Value);
    }
}
