using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// Retention for a whole store: a policy per instance (replacing the default entirely, not merged with it),
/// a default for the rest, a byte limit for the store, and the time zone calendar tiers count days in.
/// </summary>
public sealed record RetentionPolicies
{
    public RetentionPolicy Default { get; init; } = RetentionPolicy.KeepEverything;

    public IReadOnlyDictionary<InstanceKey, RetentionPolicy> ByInstance { get; init; } = new Dictionary<InstanceKey, RetentionPolicy>();

    public long? StoreMaxBytes { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public RetentionPolicy For(InstanceKey instance) => ByInstance.TryGetValue(instance, out var policy) ? policy : Default;

    /// <param name="setting">The section, e.g. <c>akkabackup.retention</c>; instance policies are named <c>setting.instances."client/instance"</c>.</param>
    public RetentionPolicies Validate(string setting)
    {
        Default.Validate($"{setting}.default");
        foreach (var (instance, policy) in ByInstance)
        {
            policy.Validate($"{setting}.instances.\"{instance}\"");
        }

        RetentionPolicy.Positive(StoreMaxBytes, setting, "store-max-bytes");
        return this;
    }
}
