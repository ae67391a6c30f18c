using System.CommandLine;
using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup certs</c>: a private CA and node certificates for a first install or a test.</summary>
public static class CertsCommand
{
    public static Command Create()
    {
        var output = CliOptions.Value("--out", "dir", "The directory for ca.crt, ca.pfx and the nodes' .pfx files; a CA already there is reused.", required: true);
        var nodes = CliOptions.Repeated("--node", "name", "A node (or console) to make a certificate for, its name as the CN; give one --node per node.", required: true);
        var password = CliOptions.Value("--password", "pfx password", "The password of the .pfx files written (and of an existing ca.pfx).", required: true);
        var caName = CliOptions.Value("--ca-name", "name", "The CA's name for a new CA (default: AkkaBackup CA).");
        var overwrite = CliOptions.Flag("--overwrite", "Replace a node's .pfx that already exists.");
        var command = new Command("certs", "Create a private CA (or reuse the one in --out) and one certificate per node for mutual TLS.")
        {
            output, nodes, password, caName, overwrite,
        };
        command.SetAction(result => Run(
            result.GetRequiredValue(output), result.GetRequiredValue(nodes), result.GetRequiredValue(password), result.GetValue(caName), result.GetValue(overwrite)));
        return command;
    }

    private static int Run(string output, IReadOnlyList<string> nodes, string password, string? caName, bool overwrite)
    {
        var directory = Path.GetFullPath(output);
        var files = CertificateAuthority.WriteFiles(directory, caName ?? "AkkaBackup CA", nodes, password, overwrite);
        foreach (var file in files)
        {
            Console.WriteLine(file);
        }

        Console.WriteLine("Copy ca.crt and each node's .pfx to that node; keep ca.pfx offline (it issues new node certificates).");
        return 0;
    }
}
