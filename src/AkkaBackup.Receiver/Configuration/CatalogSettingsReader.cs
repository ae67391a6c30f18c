using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>Reads <c>akkabackup.receiver.catalog</c> and <c>akkabackup.receiver.overdue</c>, every default from reference.hocon.</summary>
public static class CatalogSettingsReader
{
    public static CatalogSettings ReadCatalog(Config root, ReceiverSettings receiver)
    {
        var c = HoconSection.Of(root, "akkabackup.receiver.catalog");
        var file = c.String("file");
        return new CatalogSettings(
            string.IsNullOrWhiteSpace(file) ? Path.Combine(Path.GetDirectoryName(receiver.JournalFile)!, "receiver-catalog.db") : Path.GetFullPath(file),
            c.PositiveInt("retention-days", 100_000),
            c.PositiveDuration("flush-interval"),
            c.PositiveInt("max-pending"));
    }

    public static OverdueSettings ReadOverdue(Config root)
    {
        var o = HoconSection.Of(root, "akkabackup.receiver.overdue");
        var template = HoconSection.Of(root, ReferenceConfiguration.OverdueDefaults);
        var instances = new Dictionary<InstanceKey, InstanceOverdue>();
        foreach (var (name, entry) in o.Section("instances").Entries())
        {
            var e = entry.Over(template);
            instances[InstanceKey.Parse(name, o.PathOf("instances"))] = new InstanceOverdue(e.OptionalPositiveDuration("after"), e.Switch("watch"));
        }

        return new OverdueSettings(
            o.PositiveDuration("check-interval"),
            o.OptionalPositiveDuration("default-after"),
            o.PositiveDuration("until-learned"),
            o.Int("learn-from", 2, 1000),
            o.Number("factor", 1, 100),
            o.Duration("learned-minimum"),
            instances);
    }
}
