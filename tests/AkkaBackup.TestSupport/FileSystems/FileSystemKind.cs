namespace AkkaBackup.TestSupport.FileSystems;

/// <summary>The file systems <see cref="LoopFileSystem"/> can make: the ones that clone files and the ones that cannot.</summary>
public enum FileSystemKind
{
    /// <summary>XFS with reflink=1: FICLONE works.</summary>
    Xfs,

    /// <summary>XFS with reflink=0: FICLONE fails with EOPNOTSUPP.</summary>
    XfsNoReflink,

    Btrfs,

    Ext4,

    /// <summary>No image: a tmpfs of the given size.</summary>
    Tmpfs,
}
