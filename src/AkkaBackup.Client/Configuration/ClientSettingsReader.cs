using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Client.Configuration;

/// <summary>
/// Reads the client role's settings from HOCON (<c>akkabackup.client</c>). The instances and the target
/// read here are imported into the node's configuration store at start; runs read instances from the store.
/// </summary>
public static class ClientSettingsReader
{
    public static ClientSettings Read(Config root)
    {
        var nodeName = NodeNames.Require(root.GetString("akkabackup.node-name"), "akkabackup.node-name");
        var c = root.GetConfig("akkabackup.client")
            ?? throw new ConfigurationException("the configuration has no akkabackup.client section");

        var chunkSize = ByteSize(c, "chunk-size", 8L * 1024 * 1024);
        if (chunkSize is < 64 * 1024 or > 64L * 1024 * 1024)
        {
            throw new ConfigurationException($"akkabackup.client.chunk-size = {chunkSize} is outside 64 KiB..64 MiB");
        }

        var window = PositiveInt(c, "window", 4, 64);
        var staging = RequiredString(c, "staging-directory", "akkabackup.client.staging-directory");

        var t = c.GetConfig("receiver") ?? throw new ConfigurationException("akkabackup.client.receiver is missing");
        var target = new TargetSettings(
            RequiredString(t, "host", "akkabackup.client.receiver.host"),
            Port(t, "port", "akkabackup.client.receiver.port"),
            t.GetString("system-name", "akkabackup"),
            NodeNames.Require(t.GetString("name"), "akkabackup.client.receiver.name"),
            t.GetTimeSpan("request-timeout", TimeSpan.FromSeconds(15)),
            t.GetTimeSpan("verify-timeout", TimeSpan.FromMinutes(30)),
            PositiveTime(c, "receiver.admission-poll", TimeSpan.FromSeconds(2)),
            PositiveTime(c, "receiver.admission-timeout", TimeSpan.FromHours(2)));

        var instances = ReadInstances(c);
        var hooks = new ClientTestHooks(
            root.GetInt("akkabackup.testing.corrupt-chunk-index", -1),
            root.GetTimeSpan("akkabackup.testing.chunk-delay", TimeSpan.Zero),
            root.GetInt("akkabackup.testing.archive-stall-after-chunks", -1),
            root.GetTimeSpan("akkabackup.testing.archive-chunk-delay", TimeSpan.Zero));

        var restartText = c.GetString("mysql.restart-after", "transfer");
        if (!Enum.TryParse<RestartAfter>(restartText, ignoreCase: true, out var restartAfter) || !Enum.IsDefined(restartAfter))
        {
            throw new ConfigurationException($"akkabackup.client.mysql.restart-after = '{restartText}' must be 'transfer' or 'archive'");
        }

        var retry = new RetryPolicy(
            PositiveTime(c, "retry.initial", TimeSpan.FromSeconds(1)),
            PositiveTime(c, "retry.max", TimeSpan.FromSeconds(60)),
            PositiveTime(c, "retry.deadline", TimeSpan.FromHours(6)),
            PositiveTime(c, "retry.resume-timeout", TimeSpan.FromSeconds(3)));
        if (retry.Max < retry.Initial)
        {
            throw new ConfigurationException($"akkabackup.client.retry.max = {retry.Max} is shorter than retry.initial = {retry.Initial}");
        }

        var journal = c.GetString("journal-file", "");
        var stagingRoot = Path.GetFullPath(staging);
        return new ClientSettings(
            nodeName,
            stagingRoot,
            (int)chunkSize,
            window,
            PositiveInt(c, "max-chunk-attempts", 3, 100),
            PositiveInt(c, "compression-level", 2, 9),
            c.GetInt("compression-threads", 0),
            target,
            instances,
            hooks,
            string.IsNullOrWhiteSpace(journal) ? Path.Combine(stagingRoot, "client-journal.db") : Path.GetFullPath(journal),
            retry,
            restartAfter,
            PositiveTime(c, "mysql.stall-restart-after", TimeSpan.FromMinutes(5)),
            PositiveTime(c, "preflight-timeout", TimeSpan.FromMinutes(2)),
            PositiveTime(c, "archive-stall-timeout", TimeSpan.FromMinutes(5)),
            PositiveTime(c, "transfer-stall-timeout", TimeSpan.FromMinutes(2)));
    }

    private static TimeSpan PositiveTime(Config c, string key, TimeSpan fallback)
    {
        var value = c.GetTimeSpan(key, fallback);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"akkabackup.client.{key} = '{c.GetString(key)}' must be a positive duration");
    }

    private static IReadOnlyList<InstanceImport> ReadInstances(Config c)
    {
        var section = c.GetConfig("instances");
        var result = new List<InstanceImport>();
        if (section is null || section.IsEmpty)
        {
            // Instances can also be configured with the console, in the node's store.
            return result;
        }

        foreach (var name in section.Root.GetObject().Items.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var prefix = $"akkabackup.client.instances.{name}";
            NodeNames.Require(name, prefix);
            var i = section.GetConfig(name);
            var kindText = i.GetString("service.kind", "systemd");
            if (!Enum.TryParse<ServiceKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                throw new ConfigurationException($"{prefix}.service.kind = '{kindText}' is not one of command, systemd, windows");
            }

            var serviceName = i.GetString("service.name", "mariadb");
            var stop = i.GetString("service.stop-command", "");
            var start = i.GetString("service.start-command", "");
            if (kind == ServiceKind.Command && (string.IsNullOrWhiteSpace(stop) || string.IsNullOrWhiteSpace(start)))
            {
                throw new ConfigurationException($"{prefix}.service.kind = command needs both service.stop-command and service.start-command");
            }

            var dataDirectory = RequiredString(i, "data-directory", $"{prefix}.data-directory");
            if (!Path.IsPathFullyQualified(dataDirectory))
            {
                throw new ConfigurationException($"{prefix}.data-directory = '{dataDirectory}' must be an absolute path");
            }

            var instance = new MySqlInstance(
                name,
                NodeNames.Require(i.GetString("server", Environment.MachineName), $"{prefix}.server"),
                i.GetString("host", "127.0.0.1"),
                Port(i, "port", $"{prefix}.port", 3306),
                RequiredString(i, "user", $"{prefix}.user"),
                Path.TrimEndingDirectorySeparator(dataDirectory),
                kind,
                serviceName,
                stop,
                start,
                i.GetTimeSpan("stop-timeout", TimeSpan.FromMinutes(5)),
                i.GetTimeSpan("start-timeout", TimeSpan.FromMinutes(5)),
                i.GetTimeSpan("probe-timeout", TimeSpan.FromSeconds(10)));
            result.Add(new InstanceImport(instance, new Secret(i.GetString("password", ""))));
        }

        return result;
    }

    private static string RequiredString(Config c, string key, string fullKey)
    {
        var value = c.GetString(key, "");
        return string.IsNullOrWhiteSpace(value) ? throw new ConfigurationException($"{fullKey} is required") : value;
    }

    private static int Port(Config c, string key, string fullKey, int? fallback = null)
    {
        if (!c.HasPath(key) && fallback is { } f)
        {
            return f;
        }

        var text = c.GetString(key, "");
        return int.TryParse(text, out var port) && port is > 0 and < 65536
            ? port
            : throw new ConfigurationException($"{fullKey} = '{text}' is not a TCP port (1-65535)");
    }

    private static int PositiveInt(Config c, string key, int fallback, int max)
    {
        if (!c.HasPath(key))
        {
            return fallback;
        }

        var text = c.GetString(key);
        return int.TryParse(text, out var value) && value >= 1 && value <= max
            ? value
            : throw new ConfigurationException($"akkabackup.client.{key} = '{text}' must be a whole number from 1 to {max}");
    }

    private static long ByteSize(Config c, string key, long fallback)
    {
        if (!c.HasPath(key))
        {
            return fallback;
        }

        return c.GetByteSize(key) ?? throw new ConfigurationException($"akkabackup.client.{key} = '{c.GetString(key)}' is not a byte size");
    }
}
