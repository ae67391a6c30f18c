using System.Security.Authentication;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Hot;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Cli;
using AkkaBackup.Node.Hosting;

namespace AkkaBackup.Node;

public static class Program
{
    /// <returns>The command's exit code; 2 for bad input (arguments, configuration, archive, certificates), 1 for a busy node.</returns>
    public static async Task<int> Main(string[] args)
    {
        NativeHeap.LimitArenas();
        try
        {
            return await NodeCommandLine.Create().RunAsync(args);
        }
        catch (NodeBusyException e)
        {
            Console.Error.WriteLine($"akkabackup: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ConfigurationException or ArchiveException or HotBackupUnavailableException or AuthenticationException or ArgumentException)
        {
            Console.Error.WriteLine($"akkabackup: {e.Message}");
            return 2;
        }
    }
}
