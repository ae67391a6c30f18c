namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// How an LVM or ZFS snapshot of the data directory's volume is made. <paramref name="Origin"/> is the volume,
/// "vg/lv" or the ZFS dataset; <paramref name="Relative"/> the data directory's path inside it ("" when it is
/// the volume's top directory); <paramref name="SizeBytes"/> an LVM snapshot's size (0 for ZFS);
/// <paramref name="MountPoint"/> where a ZFS dataset is mounted (its snapshots appear under .zfs/snapshot there).
/// </summary>
public sealed record VolumePlan(string Origin, string Relative, long SizeBytes = 0, string MountPoint = "");
