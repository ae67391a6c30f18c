using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Configuration;

public static class ReceiverSettingsReader
{
    public static ReceiverSettings Read(Config root)
    {
        var nodeName = NodeNames.Require(root.GetString("akkabackup.node-name"), "akkabackup.node-name");
        var r = root.GetConfig("akkabackup.receiver")
            ?? throw new ConfigurationException("the configuration has no akkabackup.receiver section");

        var store = r.GetString("store-directory", "");
        if (string.IsNullOrWhiteSpace(store))
        {
            throw new ConfigurationException("akkabackup.receiver.store-directory is required");
        }

        var portText = r.GetString("data-plane.port", "4054");
        if (!int.TryParse(portText, out var port) || port is < 0 or > 65535)
        {
            throw new ConfigurationException($"akkabackup.receiver.data-plane.port = '{portText}' is not a TCP port");
        }

        var dataHost = r.GetString("data-plane.hostname", "0.0.0.0");
        if (!System.Net.IPAddress.TryParse(dataHost, out _))
        {
            throw new ConfigurationException($"akkabackup.receiver.data-plane.hostname = '{dataHost}' must be an IP address to listen on (0.0.0.0 for all)");
        }

        var allowed = r.GetStringList("allowed-clients") ?? [];
        if (allowed.Count == 0)
        {
            throw new ConfigurationException("akkabackup.receiver.allowed-clients is empty: list the node names (certificate CNs) of the clients this receiver accepts");
        }

        var clients = allowed.Select(name => NodeNames.Require(name, "akkabackup.receiver.allowed-clients")).ToHashSet(StringComparer.Ordinal);
        var maxChunk = r.GetByteSize("max-chunk-size") ?? 64L * 1024 * 1024;
        if (maxChunk is < 64 * 1024 or > 256L * 1024 * 1024)
        {
            throw new ConfigurationException($"akkabackup.receiver.max-chunk-size = {maxChunk} is outside 64 KiB..256 MiB");
        }

        var verify = r.GetString("resume.verify", "all");
        if (verify is not ("all" or "sample"))
        {
            throw new ConfigurationException($"akkabackup.receiver.resume.verify = '{verify}' must be 'all' or 'sample'");
        }

        var expiry = r.GetTimeSpan("partial-expiry", TimeSpan.FromDays(7));
        if (expiry <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"akkabackup.receiver.partial-expiry = '{r.GetString("partial-expiry")}' must be positive");
        }

        var publicPort = r.GetInt("data-plane.public-port", 0);
        if (publicPort is < 0 or > 65535)
        {
            throw new ConfigurationException($"akkabackup.receiver.data-plane.public-port = '{publicPort}' is not a TCP port");
        }

        var journal = r.GetString("journal-file", "");
        var zone = NamingTimeZone.Resolve(r.GetString("time-zone", "UTC"), "akkabackup.receiver.time-zone");
        var storeRoot = Path.GetFullPath(store);
        return new ReceiverSettings(
            nodeName,
            storeRoot,
            dataHost,
            port,
            clients,
            NamingPattern.Parse(r.GetString("naming-pattern", NamingPattern.Default), "akkabackup.receiver.naming-pattern", zone),
            r.GetByteSize("reserve-bytes") ?? 256L * 1024 * 1024,
            (int)maxChunk,
            publicPort,
            string.IsNullOrWhiteSpace(journal) ? Path.Combine(storeRoot, ".partial", "receiver-journal.db") : Path.GetFullPath(journal),
            expiry,
            new ResumeVerification(verify == "all", AtLeast(r, "resume.sample-chunks", 64, 0), Positive(r, "resume.tail-chunks", 8)),
            Positive(r, "snapshot-every", 1000),
            ReadLimits(r),
            StoreLayout.Parse(r.GetString("layout", StoreLayout.Default), "akkabackup.receiver.layout", zone),
            Percent(r, "nearly-full-percent", 10),
            ReadDataPlaneLimits(r, (int)maxChunk),
            root.GetTimeSpan("akkabackup.testing.verify-delay", TimeSpan.Zero));
    }

    private static int Percent(Config r, string key, int fallback)
    {
        var value = r.GetInt(key, fallback);
        return value is >= 0 and <= 100 ? value : throw new ConfigurationException($"akkabackup.receiver.{key} = '{value}' must be 0..100");
    }

    private static ReceiverLimits ReadLimits(Config r)
    {
        var d = ReceiverLimits.Default;
        var limits = new ReceiverLimits(
            Positive(r, "limits.max-concurrent-transfers", d.MaxConcurrentTransfers),
            Positive(r, "limits.max-transfers-per-client", d.MaxTransfersPerClient),
            Rate(r, "limits.rate-limit"),
            Rate(r, "limits.rate-limit-per-client"),
            PositiveTime(r, "limits.admission-lease", d.AdmissionLease),
            r.GetTimeSpan("limits.status-interval", d.StatusInterval));
        if (limits.MaxTransfersPerClient > limits.MaxConcurrentTransfers)
        {
            throw new ConfigurationException(
                $"akkabackup.receiver.limits.max-transfers-per-client = {limits.MaxTransfersPerClient} is more than max-concurrent-transfers = {limits.MaxConcurrentTransfers}");
        }

        if (limits.StatusInterval < TimeSpan.Zero)
        {
            throw new ConfigurationException($"akkabackup.receiver.limits.status-interval = '{r.GetString("limits.status-interval")}' must be 0 (off) or positive");
        }

        return limits;
    }

    private static DataPlaneLimits ReadDataPlaneLimits(Config r, int maxChunk)
    {
        var d = DataPlaneLimits.Default;
        var limits = new DataPlaneLimits(
            Positive(r, "data-plane.max-sessions", d.MaxSessions),
            Positive(r, "data-plane.max-sessions-per-client", d.MaxSessionsPerClient),
            r.GetByteSize("data-plane.max-buffered-bytes") ?? d.MaxBufferedBytes,
            r.GetByteSize("data-plane.max-buffered-bytes-per-client") ?? d.MaxBufferedBytesPerClient,
            PositiveTime(r, "data-plane.idle-timeout", d.IdleTimeout),
            PositiveTime(r, "data-plane.handshake-timeout", d.HandshakeTimeout),
            Positive(r, "data-plane.max-pending-per-address", d.MaxPendingPerAddress));
        if (limits.MaxBufferedBytesPerClient < maxChunk || limits.MaxBufferedBytesPerClient > limits.MaxBufferedBytes)
        {
            throw new ConfigurationException(
                $"akkabackup.receiver.data-plane.max-buffered-bytes-per-client = {limits.MaxBufferedBytesPerClient} must be at least max-chunk-size = {maxChunk} " +
                $"(or no chunk could ever be read) and at most max-buffered-bytes = {limits.MaxBufferedBytes}");
        }

        return limits.MaxSessionsPerClient > limits.MaxSessions
            ? throw new ConfigurationException($"akkabackup.receiver.data-plane.max-sessions-per-client = {limits.MaxSessionsPerClient} is more than max-sessions = {limits.MaxSessions}")
            : limits;
    }

    /// <summary>Bytes per second; 0 = no limit. Below 64 KiB/s a single chunk would take minutes, which is a typo, not a limit.</summary>
    private static long Rate(Config r, string key)
    {
        if (!r.HasPath(key))
        {
            return 0;
        }

        long? parsed;
        try
        {
            parsed = r.GetByteSize(key);
        }
        catch (FormatException)
        {
            parsed = null;
        }

        var value = parsed ?? throw new ConfigurationException($"akkabackup.receiver.{key} = '{r.GetString(key)}' is not a byte size per second (e.g. 50MiB, or 0 for no limit)");
        return value is 0 or >= 64 * 1024
            ? value
            : throw new ConfigurationException($"akkabackup.receiver.{key} = {value} bytes/s must be 0 (no limit) or at least 64 KiB/s");
    }

    private static TimeSpan PositiveTime(Config r, string key, TimeSpan fallback)
    {
        var value = r.GetTimeSpan(key, fallback);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"akkabackup.receiver.{key} = '{r.GetString(key)}' must be positive");
    }

    private static int Positive(Config r, string key, int fallback) => AtLeast(r, key, fallback, 1);

    private static int AtLeast(Config r, string key, int fallback, int minimum)
    {
        var value = r.GetInt(key, fallback);
        return value >= minimum
            ? value
            : throw new ConfigurationException($"akkabackup.receiver.{key} = '{value}' must be {(minimum == 1 ? "a positive number" : $"at least {minimum}")}");
    }
}
