using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using AkkaBackup.Core.Chunking;
using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Restores an archive into a data directory: verifies the whole file first, refuses entry names that could
/// escape the target, checks the entries against the manifest (no more files and bytes than it records, and
/// room for them on the target's volume) before writing anything, checks every entry's CRC-32 and size while
/// extracting (and stops an entry that grows past its recorded size), leaves runs of zeros as holes in files that
/// had holes and allocates the others whole (each takes the room it took), and restores times, permissions (only
/// the rwx bits: never setuid, setgid or sticky from an archive) and, when asked, ownership. It is run as root, so
/// it never follows a symbolic link inside the target, with <c>--force</c> neither: a link where a directory of
/// the archive goes is refused, a link where a file goes is replaced by the file.
/// </summary>
public static class ArchiveRestorer
{
    /// <summary>Entries an archive without a manifest may have (a data directory has thousands, not millions).</summary>
    public const int MaxEntriesWithoutManifest = 10_000_000;

    private const UnixFileMode Permissions = (UnixFileMode)0x1FF;

    /// <summary>Runs of zeros this long, at offsets that are multiples of it, are restored as holes (a file system block).</summary>
    private const int HoleSize = 4096;

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

        var owner = options.Owner is null ? null : RestoredOwner.Resolve(options.Owner);
        Directory.CreateDirectory(target);
        int files = 0, directories = 0;
        long bytes = 0;
        var directoryTimes = new List<(string Path, DateTime Time)>();
        using (var zip = OpenArchive(archivePath))
        {
            try
            {
                CheckContent(zip, archivePath, target, options.Expected);
                foreach (var entry in zip.Entries)
                {
                    ct.ThrowIfCancellationRequested();
                    var destination = SafeDestination(target, entry.FullName);
                    try
                    {
                        var mode = (UnixFileMode)(entry.ExternalAttributes >> 16) & Permissions;
                        if (entry.FullName.EndsWith('/'))
                        {
                            CreateDirectories(target, destination);
                            SetMode(destination, mode);
                            directoryTimes.Add((destination, entry.LastWriteTime.UtcDateTime));
                            directories++;
                            continue;
                        }

                        CreateDirectories(target, Path.GetDirectoryName(destination)!);
                        bytes += await ExtractAsync(entry, destination, ct);
                        SetMode(destination, mode);
                        File.SetLastWriteTimeUtc(destination, entry.LastWriteTime.UtcDateTime);
                        files++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new ArchiveException($"cannot restore '{entry.FullName}' to {destination}: {e.Message}", e);
                    }
                }
            }
            catch (InvalidDataException e)
            {
                throw new ArchiveException($"'{archivePath}' is damaged: {e.Message}", e);
            }
        }

        // Directory times last: creating their files changed them.
        foreach (var (path, time) in directoryTimes)
        {
            Directory.SetLastWriteTimeUtc(path, time);
        }

        if (owner is not null)
        {
            await RestoredOwner.GiveAsync(owner, target, ct);
        }

        return new RestoreResult(files, directories, bytes, sha256);
    }

    private static ZipArchive OpenArchive(string archivePath)
    {
        try
        {
            return ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException($"'{archivePath}' is not a readable zip archive: {e.Message}", e);
        }
    }

    /// <summary>
    /// Before anything is written: the archive's entries may not hold more files or bytes than the manifest
    /// records (a damaged or hostile archive cannot fill the disk), and the target's volume must have room: the whole
    /// length of every file, but only the compressed size of a file marked sparse (its holes are not written, its data
    /// takes at least that much), so a data directory whose preallocated or page-compressed files fit their disk fits
    /// it again. A sparse file's data beyond that bound, on a volume that fills up, fails the restore naming the file.
    /// </summary>
    private static void CheckContent(ZipArchive zip, string archivePath, string target, ExpectedContent? expected)
    {
        var size = RestoredSize.Of(zip);
        var (files, bytes, needed, sparseFiles) = (size.Files, size.Bytes, size.OnDisk, size.SparseFiles);

        if (expected is null && zip.Entries.Count > MaxEntriesWithoutManifest)
        {
            throw new ArchiveException($"'{archivePath}' has {zip.Entries.Count:N0} entries, more than a data directory has ({MaxEntriesWithoutManifest:N0}); refusing to restore");
        }

        if (expected is not null && (files > expected.FileCount || bytes > expected.DataBytes))
        {
            throw new ArchiveException(
                $"'{archivePath}' holds {files:N0} files of {bytes:N0} bytes, but its manifest records {expected.FileCount:N0} files of {expected.DataBytes:N0} bytes: " +
                "the archive is not the one the manifest describes; nothing was extracted");
        }

        var free = new DriveInfo(target).AvailableFreeSpace;
        if (needed > free)
        {
            throw new ArchiveException(sparseFiles == 0
                ? $"the archive expands to {bytes:N0} bytes, {target} has {free:N0} free; nothing was extracted"
                : $"the archive expands to {bytes:N0} bytes and needs at least {needed:N0} of them on disk ({sparseFiles:N0} files with holes restore sparse), {target} has {free:N0} free; nothing was extracted");
        }
    }

    /// <summary>Creates the directories down to <paramref name="directory"/>, refusing to go through a symbolic link below <paramref name="target"/>.</summary>
    private static void CreateDirectories(string target, string directory)
    {
        var path = target;
        foreach (var part in Path.GetRelativePath(target, directory).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."))
        {
            path = Path.Combine(path, part);
            var existing = new DirectoryInfo(path);
            if (existing.LinkTarget is not null)
            {
                throw new ArchiveException($"{path} is a symbolic link (to {existing.LinkTarget}); refusing to restore through it");
            }

            if (!existing.Exists)
            {
                if (File.Exists(path))
                {
                    throw new ArchiveException($"{path} is a file where the archive has a directory; refusing to restore");
                }

                Directory.CreateDirectory(path);
            }
        }
    }

    private static async Task<long> ExtractAsync(ZipArchiveEntry entry, string destination, CancellationToken ct)
    {
        var crc = new Crc32();
        var buffer = new byte[1024 * 1024];
        long total = 0;
        try
        {
            // Whatever is at the destination goes, a symbolic link as the link itself; the file is then created
            // new (O_EXCL), so nothing planted there is followed.
            if (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
            {
                File.Delete(destination);
            }

            // A file that had no holes gets its whole length allocated up front (as it was, preallocated blocks
            // included), so zeros need not be written; where that cannot be done, they are.
            var sparse = ((uint)entry.ExternalAttributes & Zip64Writer.DosSparseFile) != 0;
            await using var input = entry.Open();
            using var output = File.OpenHandle(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: sparse ? 0 : entry.Length);
            var skipZeros = sparse || SparseFile.AllocatedBytes(output, entry.Length) >= entry.Length;
            int read;

            // Whole buffers keep every write at a multiple of the hole size from the file's start.
            while ((read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
            {
                if (read > entry.Length - total)
                {
                    throw new ArchiveException($"entry '{entry.FullName}' expands past the {entry.Length:N0} bytes it records: the archive is damaged or hostile");
                }

                crc.Append(buffer.AsSpan(0, read));
                if (skipZeros)
                {
                    WriteSkippingZeros(output, buffer.AsSpan(0, read), total);
                }
                else
                {
                    RandomAccess.Write(output, buffer.AsSpan(0, read), total);
                }

                total += read;
            }

            // Zeros at the end were skipped: the length makes them a hole (or the preallocated blocks part of the file).
            RandomAccess.SetLength(output, total);
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

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> (a multiple of <see cref="HoleSize"/>), leaving
    /// every <see cref="HoleSize"/> block that is all zeros unwritten: a hole in a sparse file, as <c>cp --sparse=auto</c>
    /// makes it, so page-compressed tables take the room they took before the backup; zeros already in a preallocated one.
    /// </summary>
    private static void WriteSkippingZeros(SafeFileHandle output, ReadOnlySpan<byte> data, long offset)
    {
        var start = 0;
        while (start < data.Length)
        {
            // Skip the zero blocks, then write up to the next zero block.
            while (start < data.Length && IsZeroBlock(data, start))
            {
                start += HoleSize;
            }

            var end = start;
            while (end < data.Length && !IsZeroBlock(data, end))
            {
                end += HoleSize;
            }

            end = Math.Min(end, data.Length);
            if (end > start)
            {
                RandomAccess.Write(output, data[start..end], offset + start);
            }

            start = end;
        }
    }

    private static bool IsZeroBlock(ReadOnlySpan<byte> data, int start) =>
        data.Slice(start, Math.Min(HoleSize, data.Length - start)).IndexOfAnyExcept((byte)0) < 0;

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
}
