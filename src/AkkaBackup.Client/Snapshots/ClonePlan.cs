namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// What pre-flight decided: how this data directory is cloned and where clones go.
/// <paramref name="FileSystem"/> is the type as <c>/proc/self/mountinfo</c> names it ("xfs", "btrfs", "zfs");
/// <paramref name="Volume"/> is set for LVM and ZFS snapshots, which take the whole volume.
/// </summary>
public sealed record ClonePlan(CloneMethod Method, string DataDirectory, string CloneRoot, string FileSystem, VolumePlan? Volume = null);
