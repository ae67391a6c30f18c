using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>Reads the receiver role's settings from HOCON (<c>akkabackup.receiver</c>), every default from reference.hocon.</summary>
public static class ReceiverSettingsReader
{
    public static ReceiverSettings Read(Config root)
    {
        var nodeName = NodeNames.Of(root);
        var r = HoconSection.Of(root, "akkabackup.receiver");
        var store = r.RequiredString("store-directory");
        var dataPlane = r.Section("data-plane");
        var port = dataPlane.PortOrZero("port");
        var dataHost = dataPlane.String("hostname");
        if (!System.Net.IPAddress.TryParse(dataHost, out _))
        {
            throw new ConfigurationException($"{dataPlane.PathOf("hostname")} = '{dataHost}' must be an IP address to listen on (0.0.0.0 for all)");
        }

        var allowed = r.StringList("allowed-clients");
        if (allowed.Count == 0)
        {
            throw new ConfigurationException($"{r.PathOf("allowed-clients")} is empty: list the node names (certificate CNs) of the clients this receiver accepts");
        }

        var clients = allowed.Select(name => NodeNames.Require(name, r.PathOf("allowed-clients"))).ToHashSet(StringComparer.Ordinal);
        var maxChunk = (int)r.ByteSize("max-chunk-size", 64 * 1024, 256L * 1024 * 1024);
        var resume = r.Section("resume");
        var verify = resume.String("verify");
        if (verify is not ("all" or "sample"))
        {
            throw new ConfigurationException($"{resume.PathOf("verify")} = '{verify}' must be 'all' or 'sample'");
        }

        var journal = r.String("journal-file");
        var zone = NamingTimeZone.Resolve(r.String("time-zone"), r.PathOf("time-zone"));
        var storeRoot = Path.GetFullPath(store);
        return new ReceiverSettings(
            nodeName,
            storeRoot,
            dataHost,
            port,
            clients,
            NamingPattern.Parse(r.String("naming-pattern"), r.PathOf("naming-pattern"), zone),
            r.ByteSize("reserve-bytes"),
            maxChunk,
            dataPlane.PortOrZero("public-port"),
            string.IsNullOrWhiteSpace(journal) ? Path.Combine(storeRoot, ".partial", "receiver-journal.db") : Path.GetFullPath(journal),
            r.PositiveDuration("partial-expiry"),
            new ResumeVerification(verify == "all", resume.Int("sample-chunks", 0), resume.PositiveInt("tail-chunks")),
            r.PositiveInt("snapshot-every"),
            ReadLimits(r.Section("limits")),
            StoreLayout.Parse(r.String("layout"), r.PathOf("layout"), zone),
            r.Int("nearly-full-percent", 0, 100),
            ReadDataPlaneLimits(dataPlane, maxChunk),
            HoconSection.Of(root, "akkabackup.testing").Duration("verify-delay"));
    }

    /// <summary><c>akkabackup.receiver.limits</c>; <see cref="ReceiverLimits.Default"/> reads reference.hocon's.</summary>
    public static ReceiverLimits ReadLimits(HoconSection l)
    {
        var limits = new ReceiverLimits(
            l.PositiveInt("max-concurrent-transfers"),
            l.PositiveInt("max-transfers-per-client"),
            Rate(l, "rate-limit"),
            Rate(l, "rate-limit-per-client"),
            l.PositiveDuration("admission-lease"),
            l.Duration("status-interval"));
        if (limits.MaxTransfersPerClient > limits.MaxConcurrentTransfers)
        {
            throw new ConfigurationException(
                $"{l.PathOf("max-transfers-per-client")} = {limits.MaxTransfersPerClient} is more than max-concurrent-transfers = {limits.MaxConcurrentTransfers}");
        }

        if (limits.StatusInterval < TimeSpan.Zero)
        {
            throw new ConfigurationException($"{l.PathOf("status-interval")} = '{l.String("status-interval")}' must be 0 (off) or positive");
        }

        return limits;
    }

    /// <summary>The data plane's limits, which must let a session hold one chunk of <paramref name="maxChunk"/>.</summary>
    private static DataPlaneLimits ReadDataPlaneLimits(HoconSection d, int maxChunk)
    {
        var limits = ReadDataPlaneLimits(d);
        return limits.MaxBufferedBytesPerClient < maxChunk || limits.MaxBufferedBytesPerClient > limits.MaxBufferedBytes
            ? throw new ConfigurationException(
                $"{d.PathOf("max-buffered-bytes-per-client")} = {limits.MaxBufferedBytesPerClient} must be at least max-chunk-size = {maxChunk} " +
                $"(or no chunk could ever be read) and at most max-buffered-bytes = {limits.MaxBufferedBytes}")
            : limits;
    }

    /// <summary><c>akkabackup.receiver.data-plane</c>'s limits; <see cref="DataPlaneLimits.Default"/> reads reference.hocon's.</summary>
    public static DataPlaneLimits ReadDataPlaneLimits(HoconSection d)
    {
        var limits = new DataPlaneLimits(
            d.PositiveInt("max-sessions"),
            d.PositiveInt("max-sessions-per-client"),
            d.ByteSize("max-buffered-bytes"),
            d.ByteSize("max-buffered-bytes-per-client"),
            d.PositiveDuration("idle-timeout"),
            d.PositiveDuration("handshake-timeout"),
            d.PositiveInt("max-pending-per-address"));
        return limits.MaxSessionsPerClient > limits.MaxSessions
            ? throw new ConfigurationException($"{d.PathOf("max-sessions-per-client")} = {limits.MaxSessionsPerClient} is more than max-sessions = {limits.MaxSessions}")
            : limits;
    }

    /// <summary>Bytes per second; 0 = no limit. Below 64 KiB/s a single chunk would take minutes, which is a typo, not a limit.</summary>
    private static long Rate(HoconSection l, string key)
    {
        var value = l.ByteSize(key);
        return value is 0 or >= 64 * 1024
            ? value
            : throw new ConfigurationException($"{l.PathOf(key)} = {value} bytes/s must be 0 (no limit) or at least 64 KiB/s");
    }
}
