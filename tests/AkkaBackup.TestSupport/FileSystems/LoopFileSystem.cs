using System.Security.Cryptography;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.TestSupport.FileSystems;

/// <summary>
/// A real file system for a test (the tests run as root): a sparse image file, formatted and loop-mounted,
/// which costs disk only for what is written to it. Disposing unmounts it, also after a failed test, and
/// deletes the image.
/// </summary>
public sealed class LoopFileSystem : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _directory;

    private LoopFileSystem(FileSystemKind kind, string directory, string mountPoint)
    {
        Kind = kind;
        _directory = directory;
        MountPoint = mountPoint;
    }

    public FileSystemKind Kind { get; }

    public string MountPoint { get; }

    /// <summary>The image file behind the loop device; null for a tmpfs.</summary>
    public string? Image => Kind == FileSystemKind.Tmpfs ? null : Path.Combine(_directory, "image");

    /// <summary>The loop device the image is attached to (/dev/loopN), as mountinfo names it.</summary>
    public async Task<string> DeviceAsync()
    {
        var result = await ProcessRunner.RunAsync(new ProcessCommand("findmnt", ["-n", "-o", "SOURCE", "--mountpoint", MountPoint]) { Timeout = CommandTimeout });
        return result.ExitCode == 0 ? result.Output.Trim() : throw new InvalidOperationException($"findmnt {MountPoint} {result.Failure}");
    }

    /// <summary>Bytes free to an unprivileged writer, after the file system has written out what it holds in memory.</summary>
    public async Task<long> AvailableBytesAsync()
    {
        await RunAsync("sync", "-f", MountPoint);
        return new DriveInfo(MountPoint).AvailableFreeSpace;
    }

    /// <summary>
    /// Makes and mounts a file system of <paramref name="sizeMiB"/> (XFS needs 300 MiB at least, btrfs 114 MiB) on
    /// <paramref name="mountPoint"/> (created if missing, left in place), or on a new directory of its own when null.
    /// </summary>
    public static async Task<LoopFileSystem> CreateAsync(FileSystemKind kind, int sizeMiB = 512, string? mountPoint = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "akkabackup-tests", $"loop-{kind.ToString().ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(directory);
        var target = mountPoint ?? Path.Combine(directory, "mnt");
        Directory.CreateDirectory(target);
        var fileSystem = new LoopFileSystem(kind, directory, target);
        try
        {
            if (kind == FileSystemKind.Tmpfs)
            {
                await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeMiB}m", "tmpfs", target);
                return fileSystem;
            }

            var image = Path.Combine(directory, "image");
            await using (var file = new FileStream(image, FileMode.CreateNew, FileAccess.Write))
            {
                file.SetLength(sizeMiB * 1024L * 1024);
            }

            await RunAsync(kind switch
            {
                FileSystemKind.Xfs => ["mkfs.xfs", "-q", "-m", "reflink=1", image],
                FileSystemKind.XfsNoReflink => ["mkfs.xfs", "-q", "-m", "reflink=0", image],
                FileSystemKind.Btrfs => ["mkfs.btrfs", "-q", image],
                FileSystemKind.Ext4 => ["mkfs.ext4", "-q", "-F", image],
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            });
            await RunAsync("mount", "-o", "loop", image, target);
            return fileSystem;
        }
        catch
        {
            await fileSystem.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program and fails with its output unless it exits with 0.</summary>
    public static async Task RunAsync(params string[] command)
    {
        var result = await ProcessRunner.RunAsync(new ProcessCommand(command[0], command[1..]) { Timeout = CommandTimeout });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} {result.Failure}");
        }
    }

    /// <summary>A few tries (a process that just exited may still hold a file for a moment), then a lazy unmount.</summary>
    public async ValueTask DisposeAsync()
    {
        if (await IsMountedAsync())
        {
            var unmounted = false;
            for (var attempt = 0; attempt < 5 && !unmounted; attempt++)
            {
                var result = await ProcessRunner.RunAsync(new ProcessCommand("umount", [MountPoint]) { Timeout = CommandTimeout });
                unmounted = result.ExitCode == 0;
                if (!unmounted)
                {
                    await Task.Delay(200 * (attempt + 1));
                }
            }

            if (!unmounted)
            {
                await ProcessRunner.RunAsync(new ProcessCommand("umount", ["-l", MountPoint]) { Timeout = CommandTimeout });
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless and must not hide the test's own outcome.
        }
    }

    private async Task<bool> IsMountedAsync() =>
        (await ProcessRunner.RunAsync(new ProcessCommand("mountpoint", ["-q", MountPoint]) { Timeout = CommandTimeout })).ExitCode == 0;
}
