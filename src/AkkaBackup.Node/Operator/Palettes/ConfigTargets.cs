using System.Globalization;
using AkkaBackup.Core.Cli;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.Targets;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>config target list|add|set|remove|test</c>: receivers and how archives are named there.</summary>
public static class ConfigTargets
{
    private static readonly string[] Fields =
        ["host", "port", "system-name", "expected-name", "remote-folder", "naming-pattern", "date-format", "time-zone", "request-timeout", "verify-timeout"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("config", "target list", "config target list", "the receivers this node may ship to", [], [], ListAsync),
        new("config", "target add", "config target add <name> --host <h> [--port 4053] [--expected-name <receiver CN>] [--remote-folder <dir below this client's folder>] " +
            "[--naming-pattern <p>; default the receiver's] [--date-format yyyyMMdd_HHmmss] [--time-zone UTC] [--system-name akkabackup] [--request-timeout 15s] [--verify-timeout 30m]",
            "add a receiver after a TLS handshake with it proves it is reachable and accepts this client; send an instance's runs there with `config instance set <i> --target <name>`",
            Fields, [], c => SaveAsync(c, adding: true)),
        new("config", "target set", "config target set <name> [any option of add]", "change a target; it is checked again", Fields, [], c => SaveAsync(c, adding: false)),
        new("config", "target remove", "config target remove <name>", "forget a target (refused while instances send their runs to it)", [], [], c => ConfigPalette.RemoveAsync(c, "target", name => c.Client.Store.Targets.RemoveAsync(name))),
        new("config", "target test", "config target test <name>", "check a stored target against the real receiver again; nothing is saved", [], [], TestAsync),
    ];

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var targets = await call.Client.Store.Targets.ListAsync();
        if (call.Json)
        {
            call.WriteJson(targets, OutputJsonContext.Default.IReadOnlyListBackupTarget);
            return 0;
        }

        ConsoleTable.Write(call.Out, ["NAME", "ADDRESS", "CN", "FOLDER", "NAMING", "DATE FORMAT", "TIME ZONE"], targets.Select(t => (IReadOnlyList<string>)
        [
            t.Name, $"{t.Host}:{t.Port}", t.ExpectedName, t.RemoteFolder.Length == 0 ? "(receiver's layout)" : t.RemoteFolder,
            t.NamingPattern.Length == 0 ? "(receiver's)" : t.NamingPattern, t.DateFormat, t.TimeZone,
        ]));
        return 0;
    }

    private static async Task<int> SaveAsync(ConsoleCall call, bool adding)
    {
        var name = call.Subject("target name");
        var stored = await call.Client.Store.Targets.GetAsync(name);
        if (adding != (stored is null))
        {
            return call.Fail(adding ? $"target '{name}' exists; change it with `config target set`" : $"target '{name}' is not configured", 2);
        }

        var a = call.Args;
        var basis = stored ?? new BackupTarget(name, "", 4053, BackupTarget.DefaultSystemName, name, "", BackupTarget.DefaultNamingPattern,
            BackupTarget.DefaultDateFormat, BackupTarget.DefaultTimeZone, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(30));
        var target = basis with
        {
            Host = a.Option("host") ?? basis.Host,
            Port = a.Option("port") is { } port
                ? int.TryParse(port, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) ? p : throw new UsageException($"--port = '{port}' is not a number")
                : basis.Port,
            SystemName = a.Option("system-name") ?? basis.SystemName,
            ExpectedName = a.Option("expected-name") ?? basis.ExpectedName,
            RemoteFolder = a.Option("remote-folder") ?? basis.RemoteFolder,
            NamingPattern = a.Option("naming-pattern") ?? basis.NamingPattern,
            DateFormat = a.Option("date-format") ?? basis.DateFormat,
            TimeZone = a.Option("time-zone") ?? basis.TimeZone,
            RequestTimeout = a.Option("request-timeout") is { } request ? ConsoleValues.Duration("request-timeout", request) : basis.RequestTimeout,
            VerifyTimeout = a.Option("verify-timeout") is { } verify ? ConsoleValues.Duration("verify-timeout", verify) : basis.VerifyTimeout,
        };
        await call.Client.Store.Targets.SaveAsync(target);
        return ConfigPalette.Done(call, $"target '{name}' {(adding ? "added" : "saved")}: the receiver answered and accepts this client.");
    }

    private static async Task<int> TestAsync(ConsoleCall call)
    {
        var name = call.Subject("target name");
        return ConfigPalette.Tested(call, $"target '{name}'", await call.Client.Store.Targets.TestAsync(name));
    }
}
