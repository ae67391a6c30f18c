using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Client.Configuration;

/// <summary>
/// Reads the client role's settings from HOCON (<c>akkabackup.client</c>), every default from reference.hocon. The
/// instances and the target read here are imported into the node's configuration store at start; runs read
/// instances from the store.
/// </summary>
public static class ClientSettingsReader
{
    public static ClientSettings Read(Config root)
    {
        var nodeName = NodeNames.Of(root);
        var c = HoconSection.Of(root, "akkabackup.client");
        var t = c.Section("receiver");
        var target = new TargetSettings(
            t.RequiredString("host"),
            t.Port("port"),
            t.String("system-name"),
            NodeNames.Require(t.String("name"), t.PathOf("name")),
            t.Duration("request-timeout"),
            t.Duration("verify-timeout"),
            t.PositiveDuration("admission-poll"),
            t.PositiveDuration("admission-timeout"));

        var testing = HoconSection.Of(root, "akkabackup.testing");
        var hooks = new ClientTestHooks(
            testing.Int("corrupt-chunk-index"),
            testing.Duration("chunk-delay"),
            testing.Int("archive-stall-after-chunks"),
            testing.Duration("archive-chunk-delay"),
            testing.String("hold-chunks-while"));

        var restartText = c.String("mysql.restart-after");
        if (!EnumNames.TryParse<RestartAfter>(restartText, out var restartAfter))
        {
            throw new ConfigurationException($"{c.PathOf("mysql.restart-after")} = '{restartText}' must be 'copy', 'archive' or 'transfer'");
        }

        var r = c.Section("retry");
        var retry = new RetryPolicy(r.PositiveDuration("initial"), r.PositiveDuration("max"), r.PositiveDuration("deadline"), r.PositiveDuration("resume-timeout"));
        if (retry.Max < retry.Initial)
        {
            throw new ConfigurationException($"{r.PathOf("max")} = {retry.Max} is shorter than retry.initial = {retry.Initial}");
        }

        var p = c.Section("pending");
        var pending = new PendingPolicy(p.PositiveDuration("probe-initial"), p.PositiveDuration("probe-max"), p.PositiveDuration("max-age"));
        if (pending.ProbeMax < pending.ProbeInitial)
        {
            throw new ConfigurationException($"{p.PathOf("probe-max")} = {pending.ProbeMax} is shorter than pending.probe-initial = {pending.ProbeInitial}");
        }

        var journal = c.String("journal-file");
        var stagingRoot = Path.GetFullPath(c.RequiredString("staging-directory"));
        return new ClientSettings(
            nodeName,
            stagingRoot,
            (int)c.ByteSize("chunk-size", 64 * 1024, 64L * 1024 * 1024),
            c.PositiveInt("window", 64),
            c.PositiveInt("max-chunk-attempts", 100),
            c.PositiveInt("compression-level", 9),
            c.Int("compression-threads", 0),
            target,
            ReadInstances(c.Section("instances"), HoconSection.Of(root, ReferenceConfiguration.InstanceDefaults)),
            hooks,
            string.IsNullOrWhiteSpace(journal) ? Path.Combine(stagingRoot, "client-journal.db") : Path.GetFullPath(journal),
            retry,
            restartAfter,
            c.PositiveDuration("mysql.stall-restart-after"),
            c.PositiveDuration("preflight-timeout"),
            c.PositiveDuration("archive-stall-timeout"),
            c.PositiveDuration("transfer-stall-timeout"),
            c.Int("space-margin-percent", 0, 1000),
            SnapshotToolsReader.Read(c, testing),
            c.String("hot-backup-tool"),
            c.PositiveInt("hot-compression-level", 9))
        {
            Pending = pending,
            OverdueCheckEvery = c.PositiveDuration("overdue.check-every"),
            AutoStart = AutoStart(c),
        };
    }

    /// <summary>"" leaves the store's setting alone; true or false is written to it at every start.</summary>
    private static bool? AutoStart(HoconSection c)
    {
        var text = c.String("auto-start").Trim();
        return text.Length == 0 ? null
            : bool.TryParse(text, out var on) ? on
            : throw new ConfigurationException($"{c.PathOf("auto-start")} = '{text}' must be true, false or \"\" (leave the node's setting as it is)");
    }

    /// <summary>"" = derived from the instance's schedules.</summary>
    private static TimeSpan? OverdueAfter(HoconSection i)
    {
        if (i.String("overdue-after").Trim().Length == 0)
        {
            return null;
        }

        var after = i.Duration("overdue-after");
        return after >= TimeSpan.FromSeconds(1)
            ? after
            : throw new ConfigurationException($"{i.PathOf("overdue-after")} = '{i.String("overdue-after")}' must be at least 1s (or \"\": derived from the instance's schedules)");
    }

    /// <summary>Each instance over <paramref name="defaults"/>; none is fine, instances can also be configured with the console.</summary>
    private static IReadOnlyList<InstanceImport> ReadInstances(HoconSection instances, HoconSection defaults)
    {
        var result = new List<InstanceImport>();
        foreach (var (name, entry) in instances.Entries().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            NodeNames.Require(name, entry.Path);
            var i = entry.Over(defaults);
            var kindText = i.String("service.kind");
            if (!EnumNames.TryParse<ServiceKind>(kindText, out var kind))
            {
                throw new ConfigurationException($"{i.PathOf("service.kind")} = '{kindText}' is not one of command, systemd, windows");
            }

            var stop = i.String("service.stop-command");
            var start = i.String("service.start-command");
            if (kind == ServiceKind.Command && (string.IsNullOrWhiteSpace(stop) || string.IsNullOrWhiteSpace(start)))
            {
                throw new ConfigurationException($"{i.PathOf("service.kind")} = command needs both service.stop-command and service.start-command");
            }

            var dataDirectory = i.RequiredString("data-directory");
            if (!Path.IsPathFullyQualified(dataDirectory))
            {
                throw new ConfigurationException($"{i.PathOf("data-directory")} = '{dataDirectory}' must be an absolute path");
            }

            var server = i.String("server");
            var instance = new MySqlInstance(
                name,
                NodeNames.Require(server.Length > 0 ? server : Environment.MachineName, i.PathOf("server")),
                i.String("host"),
                i.Port("port"),
                i.RequiredString("user"),
                Path.TrimEndingDirectorySeparator(dataDirectory),
                kind,
                i.String("service.name"),
                stop,
                start,
                i.Duration("stop-timeout"),
                i.Duration("start-timeout"),
                i.Duration("probe-timeout"),
                Type: BackupTypes.Parse(i.String("type"), i.PathOf("type")),
                CloneDirectory: CloneDirectory(i),
                OverdueAfter: OverdueAfter(i));
            result.Add(new InstanceImport(instance, new Secret(i.String("password"))));
        }

        return result;
    }

    private static string CloneDirectory(HoconSection i)
    {
        var directory = i.String("clone-directory");
        return directory.Length == 0 || Path.IsPathFullyQualified(directory)
            ? Path.TrimEndingDirectorySeparator(directory)
            : throw new ConfigurationException($"{i.PathOf("clone-directory")} = '{directory}' must be an absolute path (or \"\": the data directory's parent)");
    }
}
