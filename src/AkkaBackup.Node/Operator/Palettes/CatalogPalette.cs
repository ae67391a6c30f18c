using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>A receiver's <c>catalog forget</c>: stop watching a retired client/instance for overdue backups.</summary>
public static class CatalogPalette
{
    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("catalog", "forget", "catalog forget <client> <instance>",
            "stop watching a retired instance for overdue backups (its catalog rows stay; a new backup of it is watched again)", [], [], ForgetAsync),
    ];

    private static async Task<int> ForgetAsync(ConsoleCall call)
    {
        if (call.Args.Positionals.Count != 2)
        {
            throw new UsageException($"{call.Command.Path}: give the client (its certificate CN) and the instance; usage: {call.Command.Usage}");
        }

        var instance = new InstanceKey(call.Args.Positionals[0], call.Args.Positionals[1]);
        var catalog = await call.Receiver.Fleet.Catalog.OpenAsync();
        if (!await catalog.ForgetAsync(instance, DateTimeOffset.UtcNow))
        {
            var watched = await catalog.WatchedAsync();
            var known = watched.Count == 0 ? "none" : string.Join(", ", watched);
            return call.Fail($"'{instance}' is not a watched instance; watched: {known}", 2);
        }

        var message = $"'{instance}' is no longer watched for overdue backups; its next backup makes it watched again.";
        if (call.Json)
        {
            call.WriteJson(new ConfigDoneJson(true, message), OutputJsonContext.Default.ConfigDoneJson);
        }
        else
        {
            call.Out.WriteLine(message);
        }

        return 0;
    }
}
