using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// Builds retention's input from a store directory. A backup is an archive with its manifest beside it; an
/// archive whose manifest is still <c>.manifest.json.tmp</c> is being filed (in progress). Directories whose
/// name starts with '.' (<c>.partial</c>, <c>.sequence</c>) are the receiver's own and symbolic links are not
/// followed. A drill report (<c>X.drill.json</c>) goes with its archive. Verified means the manifest reads and the archive has the length it records: its SHA-256 was
/// checked before it got its final name, and re-hashing every archive on every scan would read the whole store.
/// </summary>
public static class StoreScanner
{
    public static StoreScan Scan(string storeRoot)
    {
        var backups = new List<StoredBackup>();
        var problems = new List<StoreScanProblem>();
        var files = FilesUnder(Path.GetFullPath(storeRoot)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.EndsWith(StoreFiles.ManifestSuffix, StringComparison.Ordinal))
            {
                Add(file[..^StoreFiles.ManifestSuffix.Length], file, inProgress: false, files, backups, problems);
            }
            else if (file.EndsWith(StoreFiles.ManifestTemporarySuffix, StringComparison.Ordinal))
            {
                var archive = file[..^StoreFiles.ManifestTemporarySuffix.Length];
                if (files.Contains(archive) && !files.Contains(StoreFiles.ManifestOf(archive)))
                {
                    Add(archive, file, inProgress: true, files, backups, problems);
                }
            }
            else if (DrilledArchive(file) is { } drilled)
            {
                if (!files.Contains(drilled))
                {
                    problems.Add(new StoreScanProblem(file, "drill report without its archive (the archive was removed)"));
                }
            }
            else if (!files.Contains(StoreFiles.ManifestOf(file)) && !files.Contains(file + StoreFiles.ManifestTemporarySuffix))
            {
                problems.Add(new StoreScanProblem(file, "file without a manifest; retention leaves it alone"));
            }
        }

        return new StoreScan(
            backups.OrderBy(b => b.Path, StringComparer.Ordinal).ToList(),
            problems.OrderBy(p => p.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>The archive a drill report (or one being written) is of; null for any other file.</summary>
    private static string? DrilledArchive(string file) =>
        file.EndsWith(StoreFiles.DrillReportSuffix, StringComparison.Ordinal) ? file[..^StoreFiles.DrillReportSuffix.Length]
        : file.EndsWith(StoreFiles.DrillReportSuffix + ".tmp", StringComparison.Ordinal) ? file[..^(StoreFiles.DrillReportSuffix.Length + 4)]
        : null;

    private static void Add(
        string archive, string manifestPath, bool inProgress, HashSet<string> files, List<StoredBackup> backups, List<StoreScanProblem> problems)
    {
        if (!files.Contains(archive))
        {
            problems.Add(new StoreScanProblem(manifestPath, "manifest without its archive (being filed right now, or the archive was removed)"));
            return;
        }

        StoredManifest manifest;
        try
        {
            manifest = StoredManifest.Read(manifestPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problems.Add(new StoreScanProblem(manifestPath, e.Message));
            return;
        }

        var length = new FileInfo(archive).Length;
        var intact = length == manifest.ArchiveBytes && manifest.HasWellFormedSha256;
        if (!intact && !inProgress)
        {
            problems.Add(new StoreScanProblem(archive, $"archive is {length:N0} bytes, its manifest says {manifest.ArchiveBytes:N0} (SHA-256 '{manifest.Sha256}'); not counted as verified"));
        }

        backups.Add(new StoredBackup(new InstanceKey(manifest.Client, manifest.Instance), manifest.StoredAt, length, intact && !inProgress, archive, inProgress, manifest.Type));
    }

    private static IEnumerable<string> FilesUnder(string directory)
    {
        var options = new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(directory, "*", options))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory, "*", options))
        {
            if (Path.GetFileName(child).StartsWith('.'))
            {
                continue;
            }

            foreach (var file in FilesUnder(child))
            {
                yield return file;
            }
        }
    }
}
