using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// One database instance in the store. Instance names are only unique per client, so the key is both,
/// written <c>client/instance</c> in configuration and logs.
/// </summary>
public readonly record struct InstanceKey(string Client, string Instance)
{
    public static InstanceKey Parse(string text, string setting)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0)
        {
            throw new ConfigurationException($"{setting}: '{text}' is not an instance key; write client/instance, e.g. db1/main");
        }

        return new InstanceKey(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => $"{Client}/{Instance}";
}
