using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>Reads <c>akkabackup.receiver.drills</c>; the cron expression is read in the receiver's <c>time-zone</c>.</summary>
public static class DrillSettingsReader
{
    private const string Section = "akkabackup.receiver.drills";

    /// <param name="storeDirectory">The store root: the scratch directory defaults to its <c>.drills</c>.</param>
    public static DrillSettings Read(Config root, TimeZoneInfo zone, string storeDirectory)
    {
        var d = HoconSection.Of(root, Section);
        var cron = d.String("schedule");
        var scratch = d.String("scratch-directory");
        return new DrillSettings(
            string.IsNullOrWhiteSpace(cron) ? null : CronSchedule.Parse(cron, zone, d.PathOf("schedule")),
            cron,
            Path.GetFullPath(string.IsNullOrWhiteSpace(scratch) ? Path.Combine(storeDirectory, ".drills") : scratch),
            d.ByteSize("scratch-reserve"),
            d.PositiveDuration("start-timeout"),
            d.PositiveDuration("timeout"));
    }
}
