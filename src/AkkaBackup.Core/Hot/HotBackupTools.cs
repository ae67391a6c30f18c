using AkkaBackup.Core.Processes;

namespace AkkaBackup.Core.Hot;

/// <summary>Finds the backup and extract tools before a run needs them, so a missing package is a clear pre-flight error.</summary>
public static class HotBackupTools
{
    private static readonly string[] BackupNames = ["mariadb-backup", "mariabackup"];

    // Debian's sbin directories are missing from a service's PATH more often than not; the tools live in bin.
    private static readonly string[] UsualDirectories = ["/usr/bin", "/usr/local/bin"];

    /// <summary>
    /// <paramref name="configured"/> null or empty: looks on PATH (and in /usr/bin, /usr/local/bin) for
    /// mariadb-backup, then mariabackup, and for mbstream. Otherwise it is the backup tool's path, and the extract
    /// tool is looked for beside it first (xbstream beside xtrabackup, mbstream beside the others).
    /// </summary>
    /// <exception cref="HotBackupUnavailableException">A tool is missing; the message names it and how to install it.</exception>
    public static HotBackupTool Find(string? configured)
    {
        var directories = SearchDirectories();
        string backup;
        if (string.IsNullOrWhiteSpace(configured))
        {
            backup = BackupNames.SelectMany(name => directories.Select(d => Path.Combine(d, name))).FirstOrDefault(IsExecutable)
                ?? throw new HotBackupUnavailableException(
                    $"mariadb-backup not found on PATH ({string.Join(':', directories)}); install it: apt-get install mariadb-backup, or set hot.tool");
        }
        else
        {
            backup = Path.GetFullPath(configured);
            if (!IsExecutable(backup))
            {
                throw new HotBackupUnavailableException(
                    $"hot.tool '{configured}' {(File.Exists(backup) ? "is not executable" : "does not exist")}; install mariadb-backup (apt-get install mariadb-backup) or correct hot.tool");
            }
        }

        var extractName = Path.GetFileName(backup).StartsWith("xtrabackup", StringComparison.Ordinal) ? "xbstream" : "mbstream";
        var extract = new[] { Path.GetDirectoryName(backup)! }.Concat(directories).Select(d => Path.Combine(d, extractName)).FirstOrDefault(IsExecutable)
            ?? throw new HotBackupUnavailableException(
                $"{extractName} not found beside {backup} or on PATH ({string.Join(':', directories)}); it comes with the backup tool: apt-get install mariadb-backup");
        return new HotBackupTool(backup, extract);
    }

    private static List<string> SearchDirectories() =>
        Executables.PathDirectories().Concat(UsualDirectories).Distinct(StringComparer.Ordinal).ToList();

    private static bool IsExecutable(string path) => Executables.IsExecutable(path);
}
