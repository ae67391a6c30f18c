using System.CommandLine;
using AkkaBackup.Core.Cli;
using AkkaBackup.Node.Commands;
using AkkaBackup.Node.Hosting;

namespace AkkaBackup.Node.Cli;

/// <summary><c>akkabackup</c>'s commands: each defines its options and arguments once, for the parser and for <c>--help</c>.</summary>
public static class NodeCommandLine
{
    public static CliProgram Create() => new("akkabackup", AkkaNode.Version, new RootCommand("""
        akkabackup — cold, verified backups of MySQL/MariaDB data directories.
        `akkabackup <command> --help` shows a command's options.
        """)
    {
        RunNodeCommand.Receiver(),
        RunNodeCommand.Client(),
        BackupCommand.Create(),
        PendingCommand.Create(),
        RetentionCommand.Create(),
        RestoreCommand.Create(),
        DrillCommand.Create(),
        CertsCommand.Create(),
    });
}
