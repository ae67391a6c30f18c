using Akka.Actor;
using AkkaBackup.Client.Runs;
using AkkaBackup.Node.Output;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>config setting list|set</c>: auto-start, concurrency, log-retention-days.</summary>
public static class ConfigSettings
{
    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("config", "setting list", "config setting list", "the node's settings (auto-start, concurrency, log-retention-days)", [], [], ListAsync),
        new("config", "setting set", "config setting set <key> <value>", "change a setting; a higher concurrency starts queued runs at once", [], [], SetAsync),
    ];

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var values = await call.Client.Store.Settings.ReadAllAsync();
        if (call.Json)
        {
            call.WriteJson(values, OutputJsonContext.Default.IReadOnlyDictionaryStringString);
            return 0;
        }

        ConsoleTable.Write(call.Out, ["SETTING", "VALUE"], values.Select(v => (IReadOnlyList<string>)[v.Key, v.Value]));
        return 0;
    }

    private static async Task<int> SetAsync(ConsoleCall call)
    {
        if (call.Args.Positionals.Count != 2)
        {
            return call.Fail($"give a key and a value; usage: {call.Command.Usage}", 2);
        }

        var (key, value) = (call.Args.Positionals[0], call.Args.Positionals[1]);
        await call.Client.Store.Settings.SetAsync(key, value);
        call.Client.Runs.Tell(RunProtocol.SettingsChanged.Instance);
        return ConfigPalette.Done(call, $"{key} = {value}");
    }
}
