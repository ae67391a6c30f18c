using System.CommandLine;
using AkkaBackup.Core.Cli;
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
    public static Command Create()
    {
        var config = NodeOptions.ReceiverConfig();
        var dryRun = CliOptions.Flag("--dry-run", "List what would go and what stays; delete nothing.");
        var json = CliOptions.Json();
        var command = new Command("retention", """
            Apply the receiver's retention policies to its store now, listing what goes (with the rule) and what stays.
            Exit 0, or 1 when a deletion failed.
            """) { config, dryRun, json };
        command.SetAction(result => Run(result.GetRequiredValue(config), result.GetValue(dryRun), result.GetValue(json)));
        return command;
    }

    private static int Run(string configPath, bool dryRun, bool json)
    {
        var config = NodeConfiguration.Load(configPath);
        var settings = ReceiverSettingsReader.Read(config);
        var retention = RetentionSettingsReader.Read(config, settings.NamingPattern.TimeZone);
        if (!Directory.Exists(settings.StoreDirectory))
        {
            throw new ConfigurationException($"akkabackup.receiver.store-directory = '{settings.StoreDirectory}' does not exist: is this the receiver's configuration?");
        }

        var result = RetentionPass.Run(settings.StoreDirectory, retention.Policies, DateTimeOffset.UtcNow, dryRun);
        if (json)
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
