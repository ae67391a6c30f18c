namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// What <c>statx</c> says about one path: type and permission bits, owner, times to the nanosecond, and
/// the device and mount it lives on. <see cref="MountId"/> is 0 on kernels before 5.8, which do not tell.
/// </summary>
internal sealed record FileStatus(
    uint Mode,
    uint Owner,
    uint Group,
    ulong Inode,
    long Size,
    long AccessSeconds,
    uint AccessNanoseconds,
    long ModifySeconds,
    uint ModifyNanoseconds,
    ulong MountId)
{
    private const uint TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    /// <summary>Permission bits with setuid, setgid and sticky (what chmod takes).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>What a file that is neither a directory, a regular file nor a symbolic link is, for the skipped list.</summary>
    public string Kind => (Mode & TypeMask) switch
    {
        0xC000 => "socket",
        0x1000 => "FIFO",
        0x2000 => "character device",
        0x6000 => "block device",
        var other => $"file type 0x{other:x}",
    };
}
