using System.IO.Compression;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Hot;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// Before anything is restored: the programs the drill runs are there (the server; for a hot archive
/// mariadb-backup and mbstream), the scratch directory can be made and holds what the archive expands to plus the
/// reserve, and the private server's socket path fits a Unix socket address.
/// </summary>
public static class DrillPreflight
{
    /// <summary>The longest path a Unix socket address takes (sun_path is 108 bytes with its NUL).</summary>
    private const int MaxSocketPath = 107;

    /// <exception cref="DrillRefusedException">Every problem found, named; nothing was restored.</exception>
    /// <exception cref="ArchiveException">The archive cannot be read as what its name says (a failed drill, not a refusal).</exception>
    public static DrillPlan Check(DrillSubject subject, string scratchRoot, long reserve)
    {
        var (archive, manifest, hot) = (subject.ArchivePath, subject.Manifest, subject.Hot);
        var problems = new List<string>();

        var server = ServerBinaries.Find();
        if (server is null)
        {
            problems.Add(ServerBinaries.Missing());
        }

        HotBackupTool? tool = null;
        if (hot)
        {
            try
            {
                tool = HotBackupTools.Find(null);
            }
            catch (HotBackupUnavailableException e)
            {
                problems.Add($"a hot backup is restored with mariadb-backup: {e.Message}");
            }
        }

        var root = Path.GetFullPath(scratchRoot);
        var socket = DrillScratch.SocketPathUnder(root);
        if (socket.Length > MaxSocketPath)
        {
            problems.Add($"the scratch directory {root} is too deep: the private server's socket {socket} would be {socket.Length} characters, " +
                $"more than a Unix socket takes ({MaxSocketPath}); choose a shorter scratch directory");
        }

        var restored = RestoredBytes(archive, hot, manifest);
        var needed = restored + reserve;
        long free = 0;
        try
        {
            Directory.CreateDirectory(root);
            free = new DriveInfo(root).AvailableFreeSpace;
            if (free < needed)
            {
                problems.Add($"not enough space in the scratch directory {root}: the archive restores to {restored:N0} bytes, " +
                    $"with scratch-reserve {HoconSection.Bytes(reserve)} that is {needed:N0} bytes, and {free:N0} are free there");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"the scratch directory {root} cannot be made or read: {e.Message}");
        }

        return problems.Count > 0
            ? throw new DrillRefusedException(string.Join("; ", problems))
            : new DrillPlan(subject, restored, needed, free, server!, tool);
    }

    /// <summary>
    /// A zip: the room its restore needs at least (<see cref="RestoredSize.OnDisk"/>: the holes of files marked sparse
    /// left out, as the restore leaves them unwritten). A hot archive: the manifest's data
    /// bytes (the stream's length, which mbstream's output never exceeds), or without a manifest the stream counted.
    /// </summary>
    private static long RestoredBytes(string archive, bool hot, ArchiveManifest? manifest)
    {
        try
        {
            if (hot)
            {
                return manifest?.Content.DataBytes ?? GunzippedLength(archive);
            }

            using var zip = ZipFile.OpenRead(archive);
            return RestoredSize.Of(zip).OnDisk;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ArchiveException($"'{archive}' is not a readable {(hot ? "gzip stream" : "zip archive")}: {e.Message}", e);
        }
    }

    private static long GunzippedLength(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var buffer = new byte[1024 * 1024];
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
