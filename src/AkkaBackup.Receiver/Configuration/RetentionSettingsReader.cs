using Akka.Configuration;
using Akka.Configuration.Hocon;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>Retention on the receiver: the policies and how often they run on their own.</summary>
public sealed record RetentionSettings(RetentionPolicies Policies, TimeSpan Interval);

/// <summary>
/// Reads <c>akkabackup.retention</c>: a default policy, policies per <c>"client/instance"</c> (each replaces the
/// default), a byte limit for the whole store and the timer interval. Calendar tiers count days in the
/// receiver's time zone.
/// </summary>
public static class RetentionSettingsReader
{
    private const string Section = "akkabackup.retention";

    public static RetentionSettings Read(Config root, TimeZoneInfo zone)
    {
        var r = root.GetConfig(Section) ?? ConfigurationFactory.Empty;
        var byInstance = new Dictionary<InstanceKey, RetentionPolicy>();
        var instances = r.GetConfig("instances");
        if (instances is not null && !instances.IsEmpty)
        {
            foreach (var (name, value) in instances.Root.GetObject().Items)
            {
                byInstance[InstanceKey.Parse(name, $"{Section}.instances")] = Policy(new Config(new HoconRoot(value)));
            }
        }

        var interval = r.GetTimeSpan("interval", TimeSpan.FromHours(1));
        if (interval <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}.interval = '{r.GetString("interval")}' must be positive");
        }

        var policies = new RetentionPolicies
        {
            Default = Policy(r.GetConfig("default")),
            ByInstance = byInstance,
            StoreMaxBytes = Bytes(r, "store-max-bytes"),
            TimeZone = zone,
        };
        return new RetentionSettings(policies.Validate(Section), interval);
    }

    private static RetentionPolicy Policy(Config? c) => c is null || c.IsEmpty
        ? RetentionPolicy.KeepEverything
        : new RetentionPolicy
        {
            KeepWithinDays = Count(c, "keep-within-days"),
            KeepLast = Count(c, "keep-last"),
            KeepDaily = Count(c, "keep-daily"),
            KeepWeekly = Count(c, "keep-weekly"),
            KeepMonthly = Count(c, "keep-monthly"),
            MaxBytes = Bytes(c, "max-bytes"),
        };

    private static int? Count(Config c, string key) => c.HasPath(key) ? c.GetInt(key) : null;

    private static long? Bytes(Config c, string key) => c.HasPath(key) ? c.GetByteSize(key) : null;
}
