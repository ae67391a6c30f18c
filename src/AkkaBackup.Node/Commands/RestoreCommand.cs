using System.CommandLine;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Hot;

namespace AkkaBackup.Node.Commands;

/// <summary>
/// <c>akkabackup restore &lt;archive&gt; --datadir DIR</c>: verifies the archive against its manifest's
/// SHA-256, extracts it into an empty directory and gives the files to the database user.
/// </summary>
public static class RestoreCommand
{
    public static Command Create()
    {
        var archive = new Argument<string>("archive")
        {
            HelpName = "archive",
            Description = "The archive: a stored .zip (cold or snapshot) or .xbstream.gz (hot), or a Data.zip / Data.xbstream.gz kept by a failed transfer.",
        };
        var datadir = CliOptions.Value("--datadir", "dir", "The directory to extract into; it must be empty (or not exist) unless --force.", required: true);
        var manifest = CliOptions.Value("--manifest", "file", "The manifest to verify against (default: <archive.zip>.manifest.json beside the archive).");
        var force = CliOptions.Flag("--force", "Extract into a directory that is not empty.");
        var owner = CliOptions.Value("--owner", "user[:group]", "Give the restored files to this user (as root the default is mysql:mysql when that user exists).");
        var noVerify = CliOptions.Flag("--no-verify", "Do not read the manifest; each entry's CRC-32 is still checked.");
        var command = new Command("restore", "Verify an archive against its manifest and extract it into an empty directory (a hot backup is also prepared: mbstream -x, mariadb-backup --prepare).")
        {
            archive, datadir, manifest, force, owner, noVerify,
        };
        command.SetAction(result => RunAsync(
            result.GetRequiredValue(archive),
            result.GetRequiredValue(datadir),
            result.GetValue(manifest),
            result.GetValue(owner),
            result.GetValue(force),
            result.GetValue(noVerify)));
        return command;
    }

    private static async Task<int> RunAsync(string archivePath, string datadir, string? manifestOption, string? ownerOption, bool force, bool noVerify)
    {
        var archive = Path.GetFullPath(archivePath);
        if (!File.Exists(archive))
        {
            throw new UsageException($"restore: archive '{archive}' not found");
        }

        var target = Path.GetFullPath(datadir);
        var manifest = Manifest(archive, manifestOption, noVerify);
        var owner = ownerOption ?? DefaultOwner();
        if (archive.EndsWith(HotArchive.Extension, StringComparison.Ordinal))
        {
            return await RestoreHotAsync(archive, target, manifest?.Sha256, owner, force);
        }

        Console.WriteLine(manifest is null
            ? $"Restoring {archive} into {target} (no manifest found: integrity is checked by each entry's CRC-32 only)"
            : $"Restoring {archive} into {target}, verifying SHA-256 {manifest.Sha256} and {manifest.Content.FileCount:N0} files of {manifest.Content.DataBytes:N0} bytes");
        var result = await ArchiveRestorer.RestoreAsync(archive, target, new RestoreOptions(force, owner, manifest?.Sha256, manifest?.Content), CancellationToken.None);
        Console.WriteLine($"Restored {result.FilesRestored:N0} files and {result.DirectoriesRestored:N0} directories ({result.BytesRestored:N0} bytes); archive SHA-256 {result.Sha256}");
        Console.WriteLine(owner is null ? "Ownership left as is (not running as root, or no 'mysql' user)." : $"Ownership set to {owner}.");
        Console.WriteLine($"Start the server with datadir = {target} (for MariaDB/MySQL the directory must belong to the server's user).");
        return 0;
    }

    /// <summary>
    /// A hot backup: the whole file's SHA-256 against the manifest first (the gzip CRC is checked too, as it is
    /// read), then extracted and prepared with the stock tools into an empty directory.
    /// </summary>
    private static async Task<int> RestoreHotAsync(string archive, string target, string? sha256, string? owner, bool force)
    {
        if (force)
        {
            throw new UsageException("restore: --force does not apply to a hot backup: mariadb-backup --prepare needs an empty directory");
        }

        var tool = HotBackupTools.Find(null);
        if (owner is not null)
        {
            RestoredOwner.Resolve(owner);
        }

        Console.WriteLine(sha256 is null
            ? $"Restoring hot backup {archive} into {target} (no manifest found: integrity is checked by the gzip CRC-32 only)"
            : $"Restoring hot backup {archive} into {target}, verifying SHA-256 {sha256}");
        await HotBackupRestorer.RestoreAsync(tool, archive, target, CancellationToken.None, sha256);
        Console.WriteLine($"Extracted with {tool.ExtractPath} and prepared with {tool.BackupPath} --prepare: the files are consistent as of the end of the backup.");
        if (owner is not null)
        {
            await RestoredOwner.GiveAsync(owner, target, CancellationToken.None);
        }

        Console.WriteLine(owner is null ? "Ownership left as is (not running as root, or no 'mysql' user)." : $"Ownership set to {owner}.");
        Console.WriteLine($"Start the server with datadir = {target} (for MariaDB/MySQL the directory must belong to the server's user).");
        return 0;
    }

    /// <summary>The manifest the archive is checked against; null without one (or with --no-verify).</summary>
    private static ArchiveManifest? Manifest(string archive, string? manifestOption, bool noVerify)
    {
        if (noVerify)
        {
            return null;
        }

        if (manifestOption is not null && !File.Exists(manifestOption))
        {
            throw new UsageException($"restore: --manifest '{manifestOption}' not found");
        }

        return ArchiveManifest.Find(archive, manifestOption);
    }

    /// <summary>As root, restored files go to the conventional <c>mysql</c> user when it exists.</summary>
    private static string? DefaultOwner()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return null;
        }

        return File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith("mysql:", StringComparison.Ordinal))
            ? "mysql:mysql"
            : null;
    }
}
