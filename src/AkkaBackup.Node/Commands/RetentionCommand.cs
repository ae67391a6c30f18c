using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Node.Output;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Retention;

namespace AkkaBackup.Node.Commands;

/// <summary>
/// <c>akkabackup retention --config receiver.hocon [--dry-run] [--json]</c>: one retention pass over the store with
/// the receiver's policies, listing every backup that goes (and the rule why) and every one that stays. With
/// --dry-run nothing is deleted. Exit 0, or 1 when a deletion failed.
/// </summary>
public static class RetentionCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse("retention", args, ["config"], ["dry-run", "json"]);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"retention: unexpected argument '{a.Positionals[0]}'");
        }

        var config = NodeConfiguration.Load(a.RequiredOption("retention", "config"));
        var settings = ReceiverSettingsReader.Read(config);
        var retention = RetentionSettingsReader.Read(config, settings.NamingPattern.TimeZone);
        if (!Directory.Exists(settings.StoreDirectory))
        {
            throw new ConfigurationException($"akkabackup.receiver.store-directory = '{settings.StoreDirectory}' does not exist: is this the receiver's configuration?");
        }

        var result = RetentionPass.Run(settings.StoreDirectory, retention.Policies, DateTimeOffset.UtcNow, a.Flag("dry-run"));
        if (a.Flag("json"))
        {
            Console.Out.WriteLine(OutputJson.Indented(RetentionReport.ToJson(result), OutputJsonContext.Default.RetentionJson));
        }
        else
        {
            RetentionReport.Write(Console.Out, result);
        }

        return result.Outcomes.All(o => o.Succeeded) ? 0 : 1;
    }
}
