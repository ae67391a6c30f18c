namespace AkkaBackup.Client.Snapshots;

/// <summary>How a data directory is cloned while the server is down.</summary>
public enum CloneMethod
{
    /// <summary>Every file is cloned with FICLONE (XFS with reflink=1, btrfs): shares extents, costs no data copy.</summary>
    Reflink,

    /// <summary>The data directory is a btrfs subvolume: one read-only snapshot of it, whatever the number of files.</summary>
    BtrfsSnapshot,

    /// <summary>The file system is on an LVM logical volume: a snapshot volume (lvcreate --snapshot), mounted read-only.</summary>
    LvmSnapshot,

    /// <summary>The data directory is on a ZFS dataset: <c>zfs snapshot</c>, read through the dataset's .zfs/snapshot directory.</summary>
    ZfsSnapshot,
}
