using System.CommandLine;
using System.Text.Json;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;
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
            : $"Restoring {archive} into {target}, verifying SHA-256 {manifest.Value.Sha256} and {manifest.Value.Content.FileCount:N0} files of {manifest.Value.Content.DataBytes:N0} bytes");
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
        if (sha256 is not null)
        {
            var actual = await FileHashing.Sha256HexAsync(archive, CancellationToken.None);
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArchiveException($"{archive} has SHA-256 {actual}, its manifest says {sha256}: the archive is damaged; nothing was restored");
            }
        }

        await HotBackupRestorer.RestoreAsync(tool, archive, target, CancellationToken.None);
        Console.WriteLine($"Extracted with {tool.ExtractPath} and prepared with {tool.BackupPath} --prepare: the files are consistent as of the end of the backup.");
        if (owner is not null)
        {
            await RestoredOwner.GiveAsync(owner, target, CancellationToken.None);
        }

        Console.WriteLine(owner is null ? "Ownership left as is (not running as root, or no 'mysql' user)." : $"Ownership set to {owner}.");
        Console.WriteLine($"Start the server with datadir = {target} (for MariaDB/MySQL the directory must belong to the server's user).");
        return 0;
    }

    /// <summary>The SHA-256 and content the manifest records for the archive; null without a manifest (or with --no-verify).</summary>
    private static (string Sha256, ExpectedContent Content)? Manifest(string archive, string? manifestOption, bool noVerify)
    {
        if (noVerify)
        {
            return null;
        }

        var manifest = manifestOption ?? archive + ".manifest.json";
        if (!File.Exists(manifest))
        {
            if (manifestOption is not null)
            {
                throw new UsageException($"restore: --manifest '{manifestOption}' not found");
            }

            return null;
        }

        try
        {
            if (new FileInfo(manifest).Length > 1024 * 1024)
            {
                throw new ConfigurationException($"manifest '{manifest}' is larger than a manifest can be");
            }

            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            var root = document.RootElement;
            var sha = root.GetProperty("sha256").GetString();
            var content = new ExpectedContent(root.GetProperty("dataBytes").GetInt64(), root.GetProperty("fileCount").GetInt64());
            if (sha is not { Length: 64 } || content.DataBytes < 0 || content.FileCount < 0)
            {
                throw new ConfigurationException($"manifest '{manifest}' has no valid sha256, dataBytes and fileCount");
            }

            return (sha, content);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ConfigurationException($"manifest '{manifest}' cannot be read: {e.Message}");
        }
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
