namespace AkkaBackup.Node.Cli;

public static class Usage
{
    public const string Text = """
        akkabackup — cold, verified backups of MySQL/MariaDB data directories

        Usage:
          akkabackup receiver --config <receiver.hocon>
              Run a receiver node (stores backups) until SIGTERM/Ctrl-C.
          akkabackup client --config <client.hocon>
              Run a client node beside a database server until SIGTERM/Ctrl-C.
          akkabackup backup --config <client.hocon> [--instance <name>] [--json]
              Run one backup now and exit: 0 = stored and verified and the server answers,
              1 = failed (server answering), 2 = bad input, 3 = failed AND the server is down.
          akkabackup pending list|retry <run id>|discard <run id> --config <client.hocon> [--json]
              Transfers whose sealed Data.zip was kept after a failure: list them, resume one, or delete it.
          akkabackup retention --config <receiver.hocon> [--dry-run] [--json]
              Apply the receiver's retention policies to its store now, listing what goes (with the rule) and what stays;
              --dry-run deletes nothing.
          akkabackup restore <archive.zip> --datadir <dir> [--manifest <file>] [--force] [--owner <user[:group]>]
              Verify an archive against its manifest and extract it into an empty directory.
          akkabackup certs --out <dir> --node <name> [--node <name> ...] --password <pfx password> [--ca-name <name>] [--overwrite]
              Create a private CA (or reuse the one in <dir>) and one certificate per node for mutual TLS.
          akkabackup --version | --help
        """;
}
