using System.Reflection;
using Akka.Configuration;

namespace AkkaBackup.Core.Configuration;

/// <summary>
/// <c>hocon/reference.hocon</c>, embedded in this assembly: every <c>akkabackup</c> key with its default. A node's own
/// file is layered over it; the settings readers take every value from the result, without defaults of their own.
/// </summary>
public static class ReferenceConfiguration
{
    /// <summary>Every instance of <c>akkabackup.client.instances</c> is read over this section: its keys and their defaults.</summary>
    public const string InstanceDefaults = "akkabackup.client.instance-defaults";

    /// <summary>Every alert channel is read over the section of its type under this one: its keys and their defaults.</summary>
    public const string ChannelDefaults = "akkabackup.alerts.channel-defaults";

    /// <summary>A retention policy per instance has the keys of the default policy (each unset = that rule off).</summary>
    public const string RetentionPolicy = "akkabackup.retention.default";

    /// <summary>Every entry of <c>akkabackup.receiver.overdue.instances</c> is read over this section.</summary>
    public const string OverdueDefaults = "akkabackup.receiver.overdue.instance-defaults";

    public static Config Config { get; } = Load();

    /// <summary>The keys a node's configuration may have under <c>akkabackup</c>.</summary>
    public static KeySchema Keys { get; } = new(
        Config,
        "akkabackup",
        new Dictionary<string, string>
        {
            ["akkabackup.client.instances"] = InstanceDefaults,
            ["akkabackup.retention.instances"] = RetentionPolicy,
            ["akkabackup.receiver.overdue.instances"] = OverdueDefaults,
        },
        new Dictionary<string, string> { ["akkabackup.alerts.channels"] = ChannelDefaults });

    /// <summary><paramref name="own"/> over the reference, refused if it has a key the reference does not know.</summary>
    /// <exception cref="ConfigurationException">Each unknown key named with the known key it most likely meant.</exception>
    public static Config Over(Config own)
    {
        var merged = own.WithFallback(Config);
        KnownKeys.Require(merged, Keys);
        return merged;
    }

    private static Config Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("reference.hocon")
            ?? throw new InvalidOperationException("reference.hocon is not embedded in this build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
