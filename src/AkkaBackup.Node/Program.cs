using System.Security.Authentication;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Commands;
using AkkaBackup.Node.Hosting;

namespace AkkaBackup.Node;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.WriteLine(Usage.Text);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "--version")
        {
            Console.Out.WriteLine($"akkabackup {AkkaNode.Version}");
            return 0;
        }

        var rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "receiver" or "client" => await RunNodeCommand.RunAsync(args[0], rest),
                "backup" => await BackupCommand.RunAsync(rest),
                "restore" => await RestoreCommand.RunAsync(rest),
                "pending" => await PendingCommand.RunAsync(rest),
                "retention" => RetentionCommand.Run(rest),
                "certs" => CertsCommand.Run(rest),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"akkabackup: {e.Message}");
            Console.Error.WriteLine(Usage.Text);
            return 2;
        }
        catch (NodeBusyException e)
        {
            Console.Error.WriteLine($"akkabackup: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ConfigurationException or ArchiveException or AuthenticationException or ArgumentException)
        {
            Console.Error.WriteLine($"akkabackup: {e.Message}");
            return 2;
        }
    }
}
