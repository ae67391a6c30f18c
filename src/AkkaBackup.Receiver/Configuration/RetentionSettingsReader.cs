using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>Retention on the receiver: the policies and how often they run on their own.</summary>
public sealed record RetentionSettings(RetentionPolicies Policies, TimeSpan Interval);

/// <summary>
/// Reads <c>akkabackup.retention</c>: a default policy, policies per <c>"client/instance"</c> (each replaces the
/// default), a byte limit for the whole store and the timer interval. Calendar tiers count days in the
/// receiver's time zone. A rule left out or null is off.
/// </summary>
public static class RetentionSettingsReader
{
    private const string Section = "akkabackup.retention";

    public static RetentionSettings Read(Config root, TimeZoneInfo zone)
    {
        var r = HoconSection.Of(root, Section);
        var byInstance = new Dictionary<InstanceKey, RetentionPolicy>();
        foreach (var (name, entry) in r.Section("instances").Entries())
        {
            byInstance[InstanceKey.Parse(name, $"{Section}.instances")] = Policy(entry);
        }

        var policies = new RetentionPolicies
        {
            Default = Policy(r.Section("default")),
            ByInstance = byInstance,
            StoreMaxBytes = r.OptionalByteSize("store-max-bytes"),
            TimeZone = zone,
        };
        return new RetentionSettings(policies.Validate(Section), r.PositiveDuration("interval"));
    }

    private static RetentionPolicy Policy(HoconSection c) => new()
    {
        KeepWithinDays = c.OptionalInt("keep-within-days"),
        KeepLast = c.OptionalInt("keep-last"),
        KeepDaily = c.OptionalInt("keep-daily"),
        KeepWeekly = c.OptionalInt("keep-weekly"),
        KeepMonthly = c.OptionalInt("keep-monthly"),
        MaxBytes = c.OptionalByteSize("max-bytes"),
    };
}
