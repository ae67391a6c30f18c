using AkkaBackup.Core.Processes;

namespace AkkaBackup.Client.Snapshots;

/// <summary>Read-only snapshots of a btrfs subvolume through the <c>btrfs</c> program, and their removal.</summary>
internal static class BtrfsSubvolume
{
    public const long Magic = 0x9123683E; // BTRFS_SUPER_MAGIC
    public const ulong RootInode = 256; // BTRFS_FIRST_FREE_OBJECTID: the top directory of every subvolume

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Whether the path is the top directory of a btrfs subvolume (or snapshot).</summary>
    public static bool IsRoot(string path, FileStatus status) =>
        status.IsDirectory && status.Inode == RootInode && FileSystemCalls.FileSystemMagic(path) == Magic;

    /// <summary><c>btrfs subvolume snapshot -r</c>: the destination must not exist, or the snapshot would land inside it.</summary>
    public static Task SnapshotAsync(string subvolume, string destination, CancellationToken token) =>
        RunAsync(["subvolume", "snapshot", "-r", subvolume, destination], token);

    public static Task DeleteAsync(string subvolume) => RunAsync(["subvolume", "delete", subvolume], CancellationToken.None);

    private static async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken token)
    {
        var command = new ProcessCommand("btrfs", arguments) { Timeout = Timeout };
        var result = await ProcessRunner.RunAsync(command, token);
        if (result.ExitCode != 0)
        {
            throw new IOException($"{command} {result.Failure}");
        }
    }
}
