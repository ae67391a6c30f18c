using System.Globalization;
using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>config instance list|show|add|set|remove|test</c>. Passwords go in, never come out.</summary>
public static class ConfigInstances
{
    private static readonly string[] Fields =
        ["server", "host", "port", "user", "password", "data-directory", "service-kind", "service-name", "stop-command", "start-command", "stop-timeout", "start-timeout", "probe-timeout", "target", "type", "clone-directory", "overdue-after"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("config", "instance list", "config instance list", "the MySQL/MariaDB instances this node backs up", [], [], ListAsync),
        new("config", "instance add", "config instance add <name> --host <h> [--port 3306] --user <u> --password <p> --data-directory <dir> [--server <label>] " +
            "[--service-kind systemd|windows|command] [--service-name mariadb] [--stop-command <c> --start-command <c>] [--stop-timeout 5m] [--start-timeout 5m] [--probe-timeout 10s] " +
            "[--target <name>; the node's own receiver is the target named after its CN] [--type cold|snapshot|hot] [--clone-directory <dir>; snapshot, default the data directory's parent] " +
            "[--overdue-after 26h|schedules; alert when no backup succeeded for that long, default 1.5 x the longest gap between its schedules]",
            "add an instance after logging in to it, comparing @@datadir and finding its service", Fields, [], c => SaveAsync(c, adding: true)),
        new("config", "instance set", "config instance set <name> [any option of add]", "change an instance; it is checked again against the real server", Fields, [], c => SaveAsync(c, adding: false)),
        new("config", "instance remove", "config instance remove <name>", "forget an instance (refused while schedules use it)", [], [], c => ConfigPalette.RemoveAsync(c, "instance", name => c.Client.Store.Instances.RemoveAsync(name))),
        new("config", "instance test", "config instance test <name>", "check a stored instance against the real server again; nothing is saved", [], [], TestAsync),
    ];

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var instances = await call.Client.Store.Instances.ListAsync();
        if (call.Json)
        {
            call.WriteJson(instances, OutputJsonContext.Default.IReadOnlyListMySqlInstance);
            return 0;
        }

        ConsoleTable.Write(call.Out, ["NAME", "TYPE", "SERVER", "ADDRESS", "USER", "DATA DIRECTORY", "SERVICE", "TARGET"], instances.Select(i => (IReadOnlyList<string>)
        [
            i.Name, i.Type.Name(), i.Server, $"{i.Host}:{i.Port}", i.User, i.DataDirectory, i.ServiceKind == ServiceKind.Command ? "command" : $"{i.ServiceKind.ToString().ToLowerInvariant()} {i.ServiceName}",
            i.Target.Length == 0 ? "(node's receiver)" : i.Target,
        ]));
        return 0;
    }

    private static async Task<int> SaveAsync(ConsoleCall call, bool adding)
    {
        var name = call.Subject("instance name");
        var stored = await call.Client.Store.Instances.GetAsync(name);
        if (adding && stored is not null)
        {
            return call.Fail($"instance '{name}' exists; change it with `config instance set {name} ...`", 2);
        }

        if (!adding && stored is null)
        {
            return call.Fail($"instance '{name}' is not configured; add it with `config instance add {name} ...`", 2);
        }

        var a = call.Args;
        var basis = stored ?? new MySqlInstance(name, Environment.MachineName, "127.0.0.1", 3306, "", "", ServiceKind.Systemd, "mariadb", "", "",
            TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
        var instance = basis with
        {
            Server = a.Option("server") ?? basis.Server,
            Host = a.Option("host") ?? basis.Host,
            Port = a.Option("port") is { } port ? Number("port", port) : basis.Port,
            User = a.Option("user") ?? basis.User,
            DataDirectory = a.Option("data-directory") ?? basis.DataDirectory,
            ServiceKind = a.Option("service-kind") is { } kind ? ConsoleValues.Enum<ServiceKind>("service-kind", kind) : basis.ServiceKind,
            ServiceName = a.Option("service-name") ?? basis.ServiceName,
            StopCommand = a.Option("stop-command") ?? basis.StopCommand,
            StartCommand = a.Option("start-command") ?? basis.StartCommand,
            StopTimeout = a.Option("stop-timeout") is { } stop ? ConsoleValues.Duration("stop-timeout", stop) : basis.StopTimeout,
            StartTimeout = a.Option("start-timeout") is { } start ? ConsoleValues.Duration("start-timeout", start) : basis.StartTimeout,
            ProbeTimeout = a.Option("probe-timeout") is { } probe ? ConsoleValues.Duration("probe-timeout", probe) : basis.ProbeTimeout,
            Target = a.Option("target") ?? basis.Target,
            Type = BackupTypes.ParseOption(a.Option("type")) ?? basis.Type,
            CloneDirectory = a.Option("clone-directory") ?? basis.CloneDirectory,
            OverdueAfter = a.Option("overdue-after") is { } overdue ? OverdueAfter(overdue) : basis.OverdueAfter,
        };
        var password = a.Option("password") is { } p ? new Secret(p) : null;
        await call.Client.Store.Instances.SaveAsync(instance, password);
        return ConfigPalette.Done(call, $"instance '{name}' {(adding ? "added" : "saved")}: logged in, @@datadir matches, service found.");
    }

    private static async Task<int> TestAsync(ConsoleCall call)
    {
        var name = call.Subject("instance name");
        return ConfigPalette.Tested(call, $"instance '{name}'", await call.Client.Store.Instances.TestAsync(name));
    }

    /// <summary>A duration, or <c>schedules</c> for the interval derived from the instance's schedules.</summary>
    private static TimeSpan? OverdueAfter(string text) =>
        text.Trim().Equals("schedules", StringComparison.OrdinalIgnoreCase) ? null : ConsoleValues.Duration("overdue-after", text);

    private static int Number(string option, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--{option} = '{text}' is not a number");
}
