using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Restores an archive into a data directory: verifies the whole file first, refuses entry names that
/// could escape the target, checks every entry's CRC-32 while extracting, and restores modes, times
/// and (when asked) ownership.
/// </summary>
public static class ArchiveRestorer
{
    public static async Task<RestoreResult> RestoreAsync(string archivePath, string targetDirectory, RestoreOptions options, CancellationToken ct)
    {
        var sha256 = await FileHashing.Sha256HexAsync(archivePath, ct);
        if (options.ExpectedSha256 is { } expected && !string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArchiveException($"'{archivePath}' has SHA-256 {sha256} but its manifest says {expected}: the archive is damaged; nothing was extracted");
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !options.Force)
        {
            throw new ArchiveException($"target directory '{target}' is not empty; restore into an empty directory or pass --force");
        }

        var owner = options.Owner is null ? null : ResolveOwner(options.Owner);
        Directory.CreateDirectory(target);
        int files = 0, directories = 0;
        long bytes = 0;
        var directoryTimes = new List<(string Path, DateTime Time)>();
        using (var zip = ZipFile.OpenRead(archivePath))
        {
            foreach (var entry in zip.Entries)
            {
                ct.ThrowIfCancellationRequested();
                var destination = SafeDestination(target, entry.FullName);
                var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0xFFF);
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(destination);
                    SetMode(destination, mode);
                    directoryTimes.Add((destination, entry.LastWriteTime.UtcDateTime));
                    directories++;
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                bytes += await ExtractAsync(entry, destination, ct);
                SetMode(destination, mode);
                File.SetLastWriteTimeUtc(destination, entry.LastWriteTime.UtcDateTime);
                files++;
            }
        }

        // Directory times last: creating their files changed them.
        foreach (var (path, time) in directoryTimes)
        {
            Directory.SetLastWriteTimeUtc(path, time);
        }

        if (owner is not null)
        {
            await ChownAsync(owner, target, ct);
        }

        return new RestoreResult(files, directories, bytes, sha256);
    }

    private static async Task<long> ExtractAsync(ZipArchiveEntry entry, string destination, CancellationToken ct)
    {
        var crc = new Crc32();
        var buffer = new byte[1024 * 1024];
        long total = 0;
        try
        {
            await using var input = entry.Open();
            await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1);
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                total += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException($"entry '{entry.FullName}' is damaged: {e.Message}", e);
        }

        if (crc.GetCurrentHashAsUInt32() != entry.Crc32 || total != entry.Length)
        {
            throw new ArchiveException($"entry '{entry.FullName}' failed its CRC-32/size check (got {crc.GetCurrentHashAsUInt32():x8}/{total}, archive says {entry.Crc32:x8}/{entry.Length}): the archive is damaged");
        }

        return total;
    }

    /// <summary>Entry names come from a file we did not necessarily write: nothing may land outside the target.</summary>
    public static string SafeDestination(string target, string entryName)
    {
        if (entryName.Length == 0 || entryName.Contains('\\') || entryName.Contains('\0') || entryName.StartsWith('/') ||
            (entryName.Length > 1 && entryName[1] == ':') || entryName.Split('/').Any(part => part == ".."))
        {
            throw new ArchiveException($"archive entry '{entryName.Replace("\0", "\\0")}' is not a safe relative path; refusing to restore");
        }

        var destination = Path.GetFullPath(Path.Combine(target, entryName));
        if (!destination.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArchiveException($"archive entry '{entryName}' would be written outside {target}; refusing to restore");
        }

        return destination;
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows() && mode != 0)
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static string ResolveOwner(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            throw new ArchiveException($"--owner '{owner}' is not user or user:group");
        }

        foreach (var (name, database) in new[] { (parts[0], "passwd") }.Concat(parts.Length == 2 ? [(parts[1], "group")] : []))
        {
            var lookup = Process.Start(new ProcessStartInfo("getent", [database, name]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            lookup.WaitForExit();
            if (lookup.ExitCode != 0)
            {
                throw new ArchiveException($"--owner '{owner}': no such {(database == "passwd" ? "user" : "group")} '{name}'");
            }
        }

        return owner;
    }

    private static async Task ChownAsync(string owner, string target, CancellationToken ct)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", owner, target]) { RedirectStandardError = true })!;
        var error = await chown.StandardError.ReadToEndAsync(ct);
        await chown.WaitForExitAsync(ct);
        if (chown.ExitCode != 0)
        {
            throw new ArchiveException($"chown -R {owner} {target} failed: {error.Trim()}");
        }
    }
}
