namespace AkkaBackup.Client.Snapshots;

/// <summary>How a data directory is cloned while the server is down.</summary>
public enum CloneMethod
{
    /// <summary>Every file is cloned with FICLONE (XFS with reflink=1, btrfs): shares extents, costs no data copy.</summary>
    Reflink,

    /// <summary>The data directory is a btrfs subvolume: one read-only snapshot of it, whatever the number of files.</summary>
    BtrfsSnapshot,
}
