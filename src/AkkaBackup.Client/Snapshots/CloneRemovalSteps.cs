namespace AkkaBackup.Client.Snapshots;

/// <summary>What a person runs to remove a clone the node could not remove, for the log and the alert.</summary>
public static class CloneRemovalSteps
{
    public static string ByHand(string clonePath, string? volume) => volume switch
    {
        null => $"btrfs subvolume delete {clonePath} (a btrfs snapshot), or rm -rf {clonePath}",
        _ when volume.Contains('@') => $"zfs destroy {volume}",
        _ => $"umount {clonePath}; rmdir {clonePath}; lvremove -f {volume}",
    };
}
