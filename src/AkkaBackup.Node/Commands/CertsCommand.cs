using AkkaBackup.Core.Security;
using AkkaBackup.Node.Cli;

namespace AkkaBackup.Node.Commands;

/// <summary><c>akkabackup certs</c>: a private CA and node certificates for a first install or a test.</summary>
public static class CertsCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse("certs", args, ["out", "node", "password", "ca-name"], ["overwrite"]);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"certs: unexpected argument '{a.Positionals[0]}'");
        }

        var nodes = a.Options("node");
        if (nodes.Count == 0)
        {
            throw new UsageException("certs: at least one --node <name> is required");
        }

        var directory = Path.GetFullPath(a.RequiredOption("certs", "out"));
        var files = CertificateAuthority.WriteFiles(directory, a.Option("ca-name") ?? "AkkaBackup CA", nodes, a.RequiredOption("certs", "password"), a.Flag("overwrite"));
        foreach (var file in files)
        {
            Console.WriteLine(file);
        }

        Console.WriteLine("Copy ca.crt and each node's .pfx to that node; keep ca.pfx offline (it issues new node certificates).");
        return 0;
    }
}
