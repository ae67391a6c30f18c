namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// Whether a mount's source is an LVM logical volume: a device-mapper device (/dev/mapper/*, /dev/dm-*)
/// whose dm uuid starts with "LVM-" (dm-crypt and multipath are device-mapper too, but not LVM).
/// </summary>
internal static class LogicalVolume
{
    public static bool Is(string source)
    {
        if (!source.StartsWith("/dev/mapper/", StringComparison.Ordinal) && !source.StartsWith("/dev/dm-", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            // /dev/mapper/vg-lv is a symbolic link to /dev/dm-N.
            var device = Path.GetFileName(new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source);
            var uuid = Path.Combine("/sys/block", device, "dm", "uuid");
            return !File.Exists(uuid) || File.ReadAllText(uuid).StartsWith("LVM-", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cannot tell: a device-mapper device is most often LVM.
            return true;
        }
    }
}
