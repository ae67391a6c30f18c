namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// The programs LVM and ZFS snapshots are made with, and how large an LVM snapshot is. Tool paths are
/// configurable (<c>client.lvm-tools</c>, <c>client.zfs-tool</c>) so that a node finds them outside a service's
/// PATH, and so that the tests, on a kernel with neither device-mapper nor ZFS, can point at fakes.
/// </summary>
/// <param name="LvmDirectory">Where lvs, lvcreate and lvremove are; "" = on PATH or in the sbin directories.</param>
/// <param name="Zfs">The zfs program's path; "" = on PATH or in the sbin directories.</param>
/// <param name="LvmSnapshotSize">How much room an LVM snapshot gets for the blocks that change while it lives.</param>
/// <param name="ZfsStandIns">
/// Tests only (<c>akkabackup.testing.zfs-stand-ins</c>): directories that pre-flight treats as the mount point of
/// a ZFS dataset, mount point → dataset, because no ZFS can be mounted where the tests run.
/// </param>
public sealed record SnapshotTools(string LvmDirectory, string Zfs, VolumeShare LvmSnapshotSize, IReadOnlyDictionary<string, string> ZfsStandIns)
{
    public static readonly SnapshotTools Default = new("", "", VolumeShare.Percent(20), new Dictionary<string, string>());

    // LVM and ZFS install into sbin, often missing from a service's PATH.
    private static readonly string[] UsualDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin"];

    /// <summary>lvs, lvcreate or lvremove by path; null when it is nowhere to be found.</summary>
    public string? Lvm(string program) =>
        LvmDirectory.Length > 0 ? Executable(Path.Combine(LvmDirectory, program)) : Search(program);

    /// <summary>Where an LVM program was looked for, for a message that says it was not found.</summary>
    public string LvmWhere => LvmDirectory.Length > 0 ? $"client.lvm-tools = {LvmDirectory}" : $"PATH ({string.Join(':', SearchDirectories())})";

    /// <summary>The zfs program by path; null when it is nowhere to be found.</summary>
    public string? ZfsProgram() => Zfs.Length > 0 ? Executable(Path.GetFullPath(Zfs)) : Search("zfs");

    public string ZfsWhere => Zfs.Length > 0 ? $"client.zfs-tool = {Zfs}" : $"PATH ({string.Join(':', SearchDirectories())})";

    private static string? Search(string program) => SearchDirectories().Select(d => Executable(Path.Combine(d, program))).OfType<string>().FirstOrDefault();

    private static List<string> SearchDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(UsualDirectories)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string? Executable(string path) =>
        File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0 ? path : null;
}
