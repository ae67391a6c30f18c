using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>
/// <c>config alert list|add|remove</c>: where alerts go. A channel's settings (a JSON object; SMTP passwords,
/// webhook tokens) are stored encrypted and never shown again.
/// </summary>
public static class ConfigAlerts
{
    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("config", "alert list", "config alert list", "alert channels (their settings are not shown)", [], [], ListAsync),
        new("config", "alert add", "config alert add <name> --type email|webhook|command --settings '<json object>' [--min-severity info|warning|error|critical]",
            "add or replace an alert channel", ["type", "settings", "min-severity"], [], AddAsync),
        new("config", "alert remove", "config alert remove <name>", "remove an alert channel", [], [],
            c => ConfigPalette.RemoveAsync(c, "alert channel", name => c.Client.Store.AlertChannels.RemoveAsync(name))),
    ];

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var channels = (await call.Client.Store.AlertChannels.ListAsync()).Select(c => new { c.Name, c.Type, MinSeverity = c.MinSeverity }).ToList();
        if (call.Json)
        {
            call.WriteJson(channels);
            return 0;
        }

        ConsoleTable.Write(call.Out, ["NAME", "TYPE", "MIN SEVERITY"], channels.Select(c => (IReadOnlyList<string>)[c.Name, c.Type, c.MinSeverity.ToString().ToLowerInvariant()]));
        return 0;
    }

    private static async Task<int> AddAsync(ConsoleCall call)
    {
        var name = call.Subject("alert channel name");
        var severity = call.Args.Option("min-severity") is { } s ? ConsoleValues.Enum<AlertSeverity>("min-severity", s) : AlertSeverity.Warning;
        var channel = new AlertChannel(name, call.Args.RequiredOption(call.Command.Path, "type"), new Secret(call.Args.RequiredOption(call.Command.Path, "settings")), severity);
        await call.Client.Store.AlertChannels.SaveAsync(channel);
        return ConfigPalette.Done(call, $"alert channel '{name}' saved.");
    }
}
