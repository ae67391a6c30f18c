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

        var (forgotten, message) = await FleetQueries.ForgetAsync(call.Receiver.Fleet, new InstanceKey(call.Args.Positionals[0], call.Args.Positionals[1]));
        if (!forgotten)
        {
            return call.Fail(message, 2);
        }

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
